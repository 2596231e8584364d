/** The syntax tree the parser builds and the evaluator walks. `at` is an offset into the source. */
export type Arg = { name?: string; value: Expr };

export type Expr =
  | { kind: "lit"; value: unknown; at: number; float?: boolean }
  | { kind: "name"; name: string; at: number }
  | { kind: "get"; object: Expr; key: Expr; at: number }
  | { kind: "call"; name: string; args: Arg[]; at: number }
  | { kind: "filter"; input: Expr; name: string; args: Arg[]; at: number }
  | { kind: "test"; input: Expr; name: string; args: Arg[]; negate: boolean; at: number }
  | { kind: "unary"; op: "not" | "-" | "+"; operand: Expr; at: number }
  | { kind: "bin"; op: string; left: Expr; right: Expr; at: number }
  | { kind: "cond"; test: Expr; then: Expr; otherwise: Expr; at: number }
  | { kind: "list"; items: Expr[]; at: number }
  | { kind: "map"; entries: [Expr, Expr][]; at: number };

export type Stmt =
  | { kind: "text"; value: string }
  | { kind: "print"; expr: Expr; at: number }
  | { kind: "if"; branches: { test: Expr; body: Stmt[] }[]; otherwise: Stmt[] | null; at: number }
  | { kind: "for"; name: string; iterable: Expr; body: Stmt[]; otherwise: Stmt[] | null; at: number }
  | { kind: "set"; name: string; value: Expr; at: number };

export type Template = { source: string; body: Stmt[] };
