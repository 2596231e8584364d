// The editor's help as plain data: what completion and hover need of the catalogue, without the
// validator's schemas.

export type TypeKind = "task" | "trigger" | "condition";

export type PropertyHelp = {
  name: string;
  /** what it holds, for people: "string", "list of tasks", "enum", "duration", ... */
  kind: string;
  /** the accepted values of an enum, or of a list of enum values */
  values?: string[];
  required: boolean;
  description: string;
};

export type TypeHelp = {
  type: string;
  kind: TypeKind;
  aliases: string[];
  description: string;
  docsUrl: string;
  example: string;
  /** the type's own properties; those every type of its kind has are in `shared` */
  properties: PropertyHelp[];
};

export type EditorCatalogue = { docsHome: string; shared: Record<TypeKind, PropertyHelp[]>; types: TypeHelp[] };
