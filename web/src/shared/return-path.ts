/** Where to go after signing in: the page that sent the person to sign in, else home (console and portal). */
export function returnPath(state: unknown): string {
  const from = (state as { from?: { pathname: string; search: string; hash: string } } | null)?.from;
  if (!from || from.pathname.startsWith('/login')) return '/';
  return `${from.pathname}${from.search}${from.hash}`;
}
