import { describe, expect, it } from "vitest";
import { validateFlowSource } from "../../lib/flows/validation";

// The validator knows the six script types, their shared properties and their own.

const flow = (task: string) => `id: scripts\nnamespace: company.team\ntasks:\n  - id: s\n${task.replace(/^/gm, "    ")}\n`;
const problems = (task: string) => {
  const result = validateFlowSource(flow(task));
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};

describe("script task validation", () => {
  it.each([
    "type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]",
    "type: io.kestra.plugin.scripts.shell.Script\nscript: echo hi\ninterpreter: [/bin/bash, -c]\nfailFast: false",
    "type: io.kestra.plugin.scripts.python.Script\nscript: print(1)\ndependencies: [requests]\npythonVersion: '3.12'",
    "type: io.kestra.plugin.scripts.python.Commands\ncommands: \"{{ ['python3 -V'] | json }}\"\nnamespaceFiles:\n  enabled: true\n  exclude: ['*.md']",
    "type: io.kestra.plugin.scripts.node.Commands\ncommands: [node -v]\nenv:\n  NODE_ENV: production\ninputFiles:\n  main.js: console.log(1)",
    "type: io.kestra.plugin.scripts.node.Script\nscript: console.log(1)\ntaskRunner:\n  type: io.kestra.plugin.scripts.runner.docker.Docker\n  pullPolicy: ALWAYS\ncontainerImage: node:20",
    "type: io.kestra.plugin.scripts.python.Script\nscript: print(1)\ncontainerImage: python:3.12\ntaskRunner:\n  type: io.kestra.plugin.scripts.runner.docker.Docker\n  pullPolicy: IF_NOT_PRESENT\n  cpu:\n    cpus: 1\n  memory:\n    memory: 512Mb\n  user: '1000'\n  networkMode: none\n  shmSize: 64m\n  entryPoint: ['']\n  wait: true\n  delete: true\n  credentials:\n    registry: ghcr.io\n    username: me\n    password: \"{{ secret('TOKEN') }}\"",
    "type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\nrunner: DOCKER\ndocker:\n  image: ubuntu\n  pullPolicy: NEVER",
    "type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\nrunner: PROCESS\nwarningOnStdErr: false\noutputFiles: ['*.csv']\ntargetOS: LINUX",
  ])("accepts %s", (task) => {
    expect(problems(task)).toEqual([]);
  });

  it.each([
    ["type: io.kestra.plugin.scripts.shell.Script", 'tasks[0].script: missing required property "script"'],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: []", 'tasks[0].commands: "commands" must be a non-empty list of commands or a {{ expression }}'],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\nscript: echo", 'tasks[0].script: unknown property "script"'],
    ["type: io.kestra.plugin.scripts.node.Script\nscript: x\ndependencies: [left-pad]", 'tasks[0].dependencies: unknown property "dependencies"'],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\ninterpreter: /bin/sh", "tasks[0].interpreter"],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\nnamespaceFiles:\n  enabled: true\n  includes: ['*']", "tasks[0].namespaceFiles.includes"],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\ntaskRunner:\n  type: io.kestra.plugin.core.runner.Process\n  cpu: 2", "takes no properties"],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\ntaskRunner:\n  type: io.kestra.plugin.scripts.runner.docker.Docker\n  pullPolicy: SOMETIMES", "pullPolicy"],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\ntaskRunner:\n  type: io.kestra.plugin.scripts.runner.docker.Docker\n  cpus: 2", "cpus"],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\ntaskRunner:\n  type: io.kestra.plugin.scripts.runner.docker.Docker\n  memory:\n    size: 1g", "memory"],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\ntaskRunner: Process", '"taskRunner" must be a mapping with a type'],
    ["type: io.kestra.plugin.scripts.shell.Commands\ncommands: [ls]\ntargetOS: MACOS", "tasks[0].targetOS"],
  ])("refuses %s", (task, expected) => {
    const found = problems(task);
    expect(found, found.join("\n")).toEqual([expect.stringContaining(expected)]);
  });
});
