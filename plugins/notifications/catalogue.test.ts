import { describe, expect, it } from "vitest";
import { validateFlowSource } from "../../lib/flows/validation";
import { NOTIFICATION_TASKS } from "./catalogue";
import { NOTIFICATION_TASK_DOCS } from "./docs";

// The validator knows the notification types and their properties; every type is documented, and
// each documented example is a task the validator accepts.

const flow = (task: string) => `id: notify\nnamespace: company.team\ntasks:\n  - id: n\n${task.replace(/^/gm, "    ")}\n`;
const problems = (source: string) => {
  const result = validateFlowSource(source);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};
const N = "io.kestra.plugin.notifications";

describe("notification task validation", () => {
  it.each(NOTIFICATION_TASKS.map((t) => t.type))("%s is documented with an example the validator accepts", (type) => {
    const docs = NOTIFICATION_TASK_DOCS[type];
    expect(docs.description).not.toBe("");
    const own = Object.keys(NOTIFICATION_TASKS.find((t) => t.type === type)!.shape);
    expect(Object.keys(docs.properties).sort()).toEqual([...own].sort());
    expect(problems(`id: example\nnamespace: company.team\ntasks:\n${docs.example.replace(/^/gm, "  ")}\n`)).toEqual([]);
  });

  it.each([
    `type: ${N}.slack.SlackIncomingWebhook\nurl: "{{ secret('SLACK_WEBHOOK') }}"\nmessageText: hi`,
    `type: ${N}.slack.SlackExecution\nurl: https://hooks.slack.com/services/x\nchannel: "#general"\niconUrl: https://example.com/i.png\ncustomFields:\n  env: prod\noptions:\n  connectTimeout: PT5S`,
    `type: ${N}.discord.DiscordExecution\nurl: https://discord.com/api/webhooks/1/x\nembedList:\n  - title: t\n    color: [255, 255, 255]\n    footer: f`,
    `type: ${N}.mail.MailSend\nhost: smtp.example.com\nport: "{{ 587 }}"\ntransportStrategy: SMTP_TLS\nfrom: a@example.com\nto: b@example.com\nattachments: "{{ inputs.attachments | toJson }}"`,
  ])("accepts %s", (task) => {
    expect(problems(flow(task))).toEqual([]);
  });

  it.each([
    [`type: ${N}.slack.SlackIncomingWebhook\npayload: "{}"`, 'tasks[0].url: missing required property "url"'],
    [`type: ${N}.slack.SlackIncomingWebhook\nurl: x\nchannel: "#a"`, 'tasks[0].channel: unknown property "channel"'],
    [`type: ${N}.discord.DiscordExecution\nurl: x\nembedList:\n  - color: [300, 0, 0]`, "tasks[0].embedList"],
    [`type: ${N}.mail.MailSend\nhost: h\nfrom: a@example.com\nto: b@example.com\ntransportStrategy: TLS`, "tasks[0].transportStrategy"],
    [`type: ${N}.mail.MailSend\nhost: h\nto: b@example.com`, 'tasks[0].from: missing required property "from"'],
    [`type: ${N}.slack.SlackIncomingWebhooks\nurl: x`, "SlackIncomingWebhooks"],
  ])("refuses %s", (task, expected) => {
    const found = problems(flow(task));
    expect(found, found.join("\n")).toEqual([expect.stringContaining(expected)]);
  });
});
