/**
 * A source as staff read it: what the source says, then where it comes from ("— CLINICAL.md §3" becomes
 * "Reference: CLINICAL.md §3"), and whether it is a verified published value or clinic policy.
 */
export function Citation({ setting }: { setting: { source?: string; verified?: boolean } | undefined }) {
  if (!setting?.source) return null;
  const [claim, ...refs] = setting.source.split(' — ');
  return (
    <span className="citation">
      <span>Source: {claim?.replace(/[.\s]+$/, '')}.</span>
      {refs.length > 0 ? <span> Reference: {refs.join(' — ')}.</span> : null}{' '}
      <strong>{setting.verified === false ? 'Unverified: clinic policy.' : 'Verified published value.'}</strong>
    </span>
  );
}
