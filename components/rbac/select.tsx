import type { SelectHTMLAttributes } from "react";

// The look of components/ui/field.tsx's inputs, for a native select (keyboard support built in).
export function Select(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      {...props}
      className={`block w-full rounded-md border-0 bg-white py-1.5 pr-8 pl-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500 ${props.className ?? ""}`}
    />
  );
}
