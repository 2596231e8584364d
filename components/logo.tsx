/** `wordClassName`: e.g. "hidden sm:inline" to show only the mark on phones. */
export function Logo({ className = "", wordClassName = "" }: { className?: string; wordClassName?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 24 24" className="h-6 w-6" aria-hidden="true">
        <rect x="2" y="2" width="20" height="20" rx="5" className="fill-indigo-600" />
        <path d="M7 8h10M12 8v9M8 13h3M13 17h3" className="stroke-white" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span className={wordClassName}>Tenantflow</span>
    </span>
  );
}
