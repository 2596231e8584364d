import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateFlowSource } from "./index";
import { pluginStore } from "../../plugins/store";
import { missingPluginTypes } from "./not-installed";

// A type under an installed group must exist; one under a known group of the orchestrator that no
// installed plugin covers saves with a warning naming the plugin; anything else is unknown.

const flow = (body: string) => `id: f\nnamespace: company.team\n${body}`;
const messages = (source: string) => {
  const result = validateFlowSource(source);
  return result.ok ? { ok: true, warnings: (result.warnings ?? []).map((w) => `${w.path}: ${w.message}`) } : { ok: false, problems: result.problems.map((p) => `${p.path}: ${p.message}`) };
};

describe("types whose plugin is not installed", () => {
  it("refuses a misspelt type inside an installed group (core, or a first-party plugin's)", () => {
    expect(messages(flow("tasks:\n  - id: a\n    type: io.kestra.plugin.scripts.python.Scrpt\n    script: print(1)\n"))).toEqual({
      ok: false,
      problems: ['tasks[0].type: unknown task type "io.kestra.plugin.scripts.python.Scrpt": the installed plugin Scripts has no such type in io.kestra.plugin.scripts.python.* (see docs)'],
    });
    expect(messages(flow("tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Lg\n")).ok).toBe(false);
  });

  it("saves a type an installed plugin's group lists as not provided with a warning naming both, and refuses other missing types there", () => {
    expect(
      messages(flow(`tasks:
  - id: copy
    type: io.kestra.plugin.jdbc.postgresql.CopyIn
    url: jdbc:postgresql://db/x
triggers:
  - id: s3
    type: io.kestra.plugin.aws.s3.Trigger
    bucket: b
`)),
    ).toEqual({
      ok: true,
      warnings: [
        'tasks[0].type: task type "io.kestra.plugin.jdbc.postgresql.CopyIn" of the plugin plugin-jdbc-postgresql is not provided by the installed plugin JDBC (PostgreSQL, MySQL, MariaDB, SQLite): the flow saves but cannot run until it is',
        'triggers[0].type: trigger type "io.kestra.plugin.aws.s3.Trigger" of the plugin plugin-aws is not provided by the installed plugin AWS S3: the flow saves but cannot run until it is',
      ],
    });
    expect(messages(flow("tasks:\n  - id: a\n    type: io.kestra.plugin.aws.s3.Uplod\n"))).toEqual({
      ok: false,
      problems: ['tasks[0].type: unknown task type "io.kestra.plugin.aws.s3.Uplod": the installed plugin AWS S3 has no such type in io.kestra.plugin.aws.s3.* (see docs)'],
    });
    // the AI plugins of the orchestrator are known: their types save with a warning
    expect(messages(flow("tasks:\n  - id: a\n    type: io.kestra.plugin.anthropic.ChatCompletion\n")).ok).toBe(true);
  });

  it("saves a type of a known group with a warning naming the plugin; its own properties are not checked", () => {
    const source = flow(`tasks:
  - id: query
    type: io.kestra.plugin.jdbc.oracle.Query
    url: jdbc:oracle:thin:@db:1521/x
    sql: SELECT 1 FROM dual
    fetchType: FETCH_ONE
  - id: r
    type: io.kestra.plugin.scripts.r.Script
    script: print(1)
    timeout: PT1M
triggers:
  - id: t
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 * * * *"
    conditions:
      - type: io.kestra.plugin.gcp.conditions.SomeCondition
        anything: 1
`);
    expect(messages(source)).toEqual({
      ok: true,
      warnings: [
        'tasks[0].type: task type "io.kestra.plugin.jdbc.oracle.Query" needs the plugin plugin-jdbc-oracle (JDBC Oracle), which is not installed: the flow saves but cannot run until it is',
        'tasks[1].type: task type "io.kestra.plugin.scripts.r.Script" needs the plugin plugin-script-r (R scripts), which is not installed: the flow saves but cannot run until it is',
        'triggers[0].conditions[0].type: condition type "io.kestra.plugin.gcp.conditions.SomeCondition" needs the plugin plugin-gcp (Google Cloud), which is not installed: the flow saves but cannot run until it is',
      ],
    });
    expect(missingPluginTypes(parse(source)).map((m) => [m.kind, m.path, m.group.plugin])).toEqual([
      ["task", "tasks[0]", "plugin-jdbc-oracle"],
      ["task", "tasks[1]", "plugin-script-r"],
      ["condition", "triggers[0].conditions[0]", "plugin-gcp"],
    ]);
  });

  it("still checks the properties every task and trigger has", () => {
    const result = messages(flow(`tasks:
  - id: q
    type: io.kestra.plugin.aws.athena.Query
    retry: 3
    timeout: [1]
triggers:
  - id: k
    type: io.kestra.plugin.kafka.Trigger
    disabled: maybe
`));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.stringMatching(/^tasks\[0\]\.retry: /),
      expect.stringMatching(/^tasks\[0\]\.timeout: /),
      expect.stringMatching(/^triggers\[0\]\.disabled: /),
    ]);
  });

  it("finds such types nested in flowable tasks, error blocks and listeners", () => {
    const parsed = parse(flow(`tasks:
  - id: par
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: s3
        type: io.kestra.plugin.aws.dynamodb.PutItem
  - id: sw
    type: io.kestra.plugin.core.flow.Switch
    value: a
    cases:
      a:
        - id: mongo
          type: io.kestra.plugin.mongodb.Find
errors:
  - id: dbt_later
    type: io.kestra.plugin.dbt.cli.Build
`));
    expect(missingPluginTypes(parsed).map((m) => `${m.path} ${m.group.plugin}`)).toEqual([
      "tasks[0].tasks[0] plugin-aws",
      "tasks[1].cases.a[0] plugin-mongodb",
      "errors[0] plugin-dbt",
    ]);
  });

  it("refuses a type of no known group as unknown", () => {
    expect(messages(flow("tasks:\n  - id: a\n    type: com.acme.Thing\n"))).toEqual({
      ok: false,
      problems: ['tasks[0].type: unknown task type "com.acme.Thing": Tenantflow knows the core catalogue io.kestra.plugin.core.* (see docs)'],
    });
  });

  it("in the browser, accepts unchecked the types of the server's packages (their schemas are on the server)", () => {
    pluginStore().remoteGroups = ["com.example.remote", "io.kestra.plugin.gcp.bigquery"];
    try {
      const source = flow("tasks:\n  - id: a\n    type: com.example.remote.Thing\n    anything: 1\n  - id: b\n    type: io.kestra.plugin.gcp.bigquery.Query\n    sql: SELECT 1\n");
      expect(messages(source)).toEqual({ ok: true, warnings: [] });
      expect(missingPluginTypes(parse(source))).toEqual([]);
      expect(messages(flow("tasks:\n  - id: a\n    type: com.example.remote.Thing\n    retry: 3\n")).ok).toBe(false);
    } finally {
      pluginStore().remoteGroups = [];
    }
  });
});
