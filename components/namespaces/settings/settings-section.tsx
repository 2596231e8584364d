/** A titled block of the namespace page's settings tabs. */
export function SettingsSection({ title, help, children }: { title: string; help?: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="space-y-3">
      <div>
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        {help && <p className="mt-0.5 text-sm text-slate-500">{help}</p>}
      </div>
      {children}
    </section>
  );
}
