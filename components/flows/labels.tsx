/** A flow label as a chip: `key: value`, clickable when it can be used as a filter. */
export function LabelChip({ name, value, onClick, onRemove }: { name: string; value: string; onClick?: () => void; onRemove?: () => void }) {
  const body = (
    <>
      <span className="text-slate-600">{name}</span>
      <span className="text-slate-400">:</span>
      <span className="font-medium text-slate-700">{value}</span>
    </>
  );
  const chip = "inline-flex max-w-full items-center gap-0.5 truncate rounded-full bg-slate-100 px-2 py-0.5 font-mono text-[11px] ring-1 ring-inset ring-slate-200";
  if (onRemove) {
    return (
      <span className={`${chip} bg-indigo-50 ring-indigo-200`}>
        {body}
        <button
          type="button"
          onClick={onRemove}
          aria-label={`Remove label filter ${name}:${value}`}
          className="ml-1 rounded-full px-1 text-indigo-500 hover:bg-indigo-100 hover:text-indigo-700"
        >
          ×
        </button>
      </span>
    );
  }
  if (onClick) {
    return (
      <button type="button" onClick={onClick} aria-label={`Filter by label ${name}:${value}`} title={`Filter by ${name}:${value}`} className={`${chip} hover:bg-indigo-50 hover:ring-indigo-200`}>
        {body}
      </button>
    );
  }
  return <span className={chip}>{body}</span>;
}
