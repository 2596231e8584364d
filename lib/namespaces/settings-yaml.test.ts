import { describe, expect, it } from "vitest";
import { parseSettingsYaml, settingsToYaml } from "./settings-yaml";

describe("namespace settings as YAML", () => {
  it("reads variables and plugin defaults", () => {
    expect(parseSettingsYaml("variables", "region: eu-west-1\nretries: 3\nhosts: [a, b]\n")).toEqual({
      ok: true,
      value: { region: "eu-west-1", retries: 3, hosts: ["a", "b"] },
    });
    const defaults = "- type: io.kestra.plugin.core.log.Log\n  forced: true\n  values:\n    level: ERROR\n";
    expect(parseSettingsYaml("pluginDefaults", defaults)).toEqual({
      ok: true,
      value: [{ type: "io.kestra.plugin.core.log.Log", forced: true, values: { level: "ERROR" } }],
    });
    expect(parseSettingsYaml("variables", "  \n")).toEqual({ ok: true, value: {} });
  });

  it("places each problem at its line", () => {
    const r = parseSettingsYaml("pluginDefaults", "- type: io.kestra.plugin.core.log.Log\n  values: {}\n- type: io.kestra.plugin.core.log.Log\n  forced: maybe\n  values: {}\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.objectContaining({ path: "1.forced", line: 4, column: 11 })]);
    const twice = parseSettingsYaml("pluginDefaults", "- type: io.kestra.plugin.core.log.Log\n  values: {}\n- type: io.kestra.plugin.core.log.Log\n  values: {}\n");
    expect(twice).toEqual({ ok: false, problems: [expect.objectContaining({ path: "1.type", line: 3, message: expect.stringContaining("listed twice") })] });
    const syntax = parseSettingsYaml("variables", "a: [1, 2\n");
    expect(syntax.ok).toBe(false);
    const bomb = parseSettingsYaml("variables", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n");
    expect(bomb).toEqual({ ok: false, problems: [{ path: "", message: "aliases expand too far" }] });
    expect(parseSettingsYaml("variables", "- a\n- b\n").ok).toBe(false);
  });

  it("writes the stored value back as YAML that reads the same", () => {
    const value = { region: "eu-west-1", conf: { retries: 3 } };
    expect(parseSettingsYaml("variables", settingsToYaml(value))).toEqual({ ok: true, value });
    expect(settingsToYaml({})).toBe("");
  });
});
