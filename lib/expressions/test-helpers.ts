import { type RenderOptions, render } from "./index";

/** A fixed instant for every test that reads the clock: 2024-03-05T14:07:09.123Z. */
export const NOW = new Date("2024-03-05T14:07:09.123Z");

export async function out(template: string, variables: Record<string, unknown> = {}, options: RenderOptions = {}): Promise<string> {
  return (await render(template, variables, { now: () => NOW, ...options })).output;
}
