/** The "Show more …" button under a cursor-paged list: disabled, and saying so, while the next page loads. */
export function ShowMoreButton({ label, loading, onClick }: { label: string; loading: boolean; onClick: () => void }) {
  return (
    <button type="button" className="button button--secondary" disabled={loading} onClick={onClick}>
      {loading ? 'Loading…' : label}
    </button>
  );
}
