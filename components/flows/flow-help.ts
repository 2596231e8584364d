import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, hoverTooltip } from "@codemirror/view";
import catalogueData from "@/lib/flows/editor-help/catalogue.json";
import { completeFlow, kindLabel } from "@/lib/flows/editor-help/completion";
import { hoverFlow } from "@/lib/flows/editor-help/hover";
import { propertiesOf } from "@/lib/flows/editor-help/lookup";
import type { EditorCatalogue, PropertyHelp, TypeHelp } from "@/lib/flows/editor-help/types";

// The flow editor's help: completion of types, properties and enum values, and each type's
// documentation on hover. The catalogue arrives as plain data (catalogue.json), not as schemas.

const catalogue = catalogueData as EditorCatalogue;
const ICONS = { type: "class", property: "property", enum: "enum" } as const;

function flowCompletions(context: CompletionContext): CompletionResult | null {
  const result = completeFlow(catalogue, context.state.doc.toString(), context.pos);
  if (!result || result.options.length === 0) return null;
  // while typing, wait for a character of the word: not on a bare `key: ` or an empty line
  if (!context.explicit && result.from === context.pos) return null;
  const options: Completion[] = result.options.map((o) => ({
    label: o.label,
    apply: o.apply,
    detail: o.detail,
    info: o.info || undefined,
    type: ICONS[o.type],
    boost: o.boost,
  }));
  // the options are matched already (by any part of a type's name), in the order they should show
  return { from: result.from, to: result.to, options, filter: false };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const shortName = (type: string) => type.slice(type.lastIndexOf(".") + 1);

function propertyLine(p: PropertyHelp): HTMLElement {
  const item = el("li", "cm-flow-doc-prop");
  item.append(el("code", "", p.name), el("span", "cm-flow-doc-kind", ` ${kindLabel(p)}`));
  if (p.description) item.append(el("span", "cm-flow-doc-text", ` — ${p.description}`));
  return item;
}

/** The tooltip of a type, or of one of its properties. */
export function docTooltip(type: TypeHelp, property?: PropertyHelp): HTMLElement {
  const dom = el("div", "cm-flow-doc");
  dom.dataset.testid = "flow-doc-tooltip";
  // the link first, where a phone shows it without scrolling the tooltip
  const link = el("a", "cm-flow-doc-link", "See docs");
  link.href = type.docsUrl;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  const title = el("p", "cm-flow-doc-title");
  const name = el("span", "");
  name.append(el("strong", "", property ? property.name : shortName(type.type)), el("span", "cm-flow-doc-kind", property ? ` ${kindLabel(property)}` : ` ${type.kind}`));
  title.append(name, link);
  dom.append(title);
  if (property) {
    dom.append(el("p", "cm-flow-doc-text", property.description), el("p", "cm-flow-doc-of", `Property of ${type.type}`));
  } else {
    dom.append(el("p", "cm-flow-doc-name", type.type), el("p", "cm-flow-doc-text", type.description));
    const own = type.properties;
    if (own.length > 0) {
      dom.append(el("p", "cm-flow-doc-heading", "Properties"));
      const list = el("ul", "cm-flow-doc-props");
      list.append(...own.map(propertyLine));
      dom.append(list);
    }
    const shared = propertiesOf(catalogue, type).length - own.length;
    if (shared > 0) dom.append(el("p", "cm-flow-doc-of", `and the ${shared} properties every ${type.kind} has`));
    if (type.example) {
      dom.append(el("p", "cm-flow-doc-heading", "Example"), el("pre", "cm-flow-doc-example", type.example));
    }
  }
  return dom;
}

const flowHover = hoverTooltip((view, pos) => {
  const hover = hoverFlow(catalogue, view.state.doc.toString(), pos);
  if (!hover) return null;
  return { pos: hover.from, end: hover.to, above: true, create: () => ({ dom: docTooltip(hover.type, hover.property) }) };
});

const helpTheme = EditorView.baseTheme({
  ".cm-flow-doc": {
    maxWidth: "min(30rem, calc(100vw - 2rem))",
    maxHeight: "22rem",
    overflow: "auto",
    padding: "8px 12px",
    fontFamily: "var(--font-sans, system-ui)",
    fontSize: "12.5px",
    lineHeight: "1.5",
    color: "#334155",
  },
  ".cm-flow-doc p": { margin: "0 0 4px" },
  ".cm-flow-doc-title": { display: "flex", justifyContent: "space-between", alignItems: "baseline", gap: "12px" },
  ".cm-flow-doc-title strong": { color: "#0f172a", fontSize: "13.5px" },
  ".cm-flow-doc-kind": { color: "#475569" },
  ".cm-flow-doc-name, .cm-flow-doc-of": { color: "#475569", fontFamily: "var(--font-mono)", fontSize: "11.5px", overflowWrap: "anywhere" },
  ".cm-flow-doc-heading": { marginTop: "8px !important", fontWeight: "600", color: "#0f172a" },
  ".cm-flow-doc-props": { margin: "0", paddingLeft: "14px", listStyle: "disc" },
  ".cm-flow-doc-props code, .cm-flow-doc-title code": { fontFamily: "var(--font-mono)", color: "#3730a3" },
  ".cm-flow-doc-example": {
    margin: "0",
    padding: "6px 8px",
    backgroundColor: "#f8fafc",
    border: "1px solid #e2e8f0",
    borderRadius: "4px",
    fontFamily: "var(--font-mono)",
    fontSize: "11.5px",
    whiteSpace: "pre",
    overflowX: "auto",
  },
  ".cm-flow-doc-link": { flexShrink: "0", color: "#4338ca", fontWeight: "500", textDecoration: "underline" },
});

type Rect = { left: number; right: number; top: number; bottom: number };

/**
 * Where an option's description goes: beside the list when it fits, else (a phone) under or over the
 * whole list. CodeMirror's own narrow placement puts it under the selected option, over the others.
 */
function positionInfo(_view: EditorView, list: Rect, option: Rect, info: Rect, space: Rect) {
  const width = info.right - info.left;
  const height = info.bottom - info.top;
  const spaceRight = space.right - list.right;
  if (width <= spaceRight) {
    const top = Math.max(space.top, Math.min(option.top, space.bottom - height)) - list.top;
    return { style: `top: ${top}px; max-width: ${Math.min(400, spaceRight)}px`, class: "cm-completionInfo-right" };
  }
  const listHeight = list.bottom - list.top;
  const below = space.bottom - list.bottom >= height || space.bottom - list.bottom > list.top - space.top;
  return {
    style: `${below ? "top" : "bottom"}: ${listHeight}px; max-width: ${Math.min(400, space.right - list.left - 32)}px`,
    class: "cm-completionInfo-right-narrow",
  };
}

/** The flow editor's completion and hover documentation. */
export function flowHelp(): Extension[] {
  return [
    EditorState.languageData.of(() => [{ autocomplete: flowCompletions }]),
    autocompletion({ positionInfo }),
    flowHover,
    helpTheme,
  ];
}
