import { text } from "./props";
import type { TaskRunner } from "./types";

/** debug.Return: the rendered `format` as `outputs.value`. */
export const returnTask: TaskRunner = async ({ props }) => ({ outputs: { value: text(props, "format") ?? null } });
