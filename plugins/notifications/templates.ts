// The messages the `*Execution` tasks send, built from an execution's summary: the same content
// for every service (namespace, flow, execution id, state, the failed or last task, the duration,
// a link to the execution's page when the instance has a public URL), shaped as each service wants.

export type TaskRunSummary = { id: string; taskId: string; state: { current: string } };

export type ExecutionSummary = {
  execution: {
    id: string;
    namespace: string;
    flowId: string;
    state: { current: string; startDate: string; endDate: string | null; duration: string | null };
    taskRunList: TaskRunSummary[];
    [key: string]: unknown;
  };
  /** human, as "1m 2.5s" */
  duration: string;
  startDate: string;
  link?: string;
  customMessage?: string;
  customFields?: Record<string, unknown>;
  /** the failed task run of a failed execution, false otherwise */
  firstFailed: TaskRunSummary | false;
  lastTask?: TaskRunSummary;
  /** the task's `templateRenderMap`, under the summary's own variables */
  [key: string]: unknown;
};

/** A duration the way the orchestrator shows it: "2h 3m 4.5s", "0.25s". */
export function humanDuration(ms: number): string {
  const total = Math.max(0, ms);
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = (total % 60_000) / 1000;
  const parts = [h ? `${h}h` : "", m ? `${m}m` : "", s || (!h && !m) ? `${Number(s.toFixed(3))}s` : ""];
  return parts.filter(Boolean).join(" ");
}

const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** "[ns] flow ➛ STATE" */
export const headline = (s: ExecutionSummary) => `[${s.execution.namespace}] ${s.execution.flowId} ➛ ${s.execution.state.current}`;

/** "Succeeded after 3s" / "Failed on task `t` after 3s" */
export const outcome = (s: ExecutionSummary, code: (t: string) => string = (t) => `\`${t}\``) =>
  `${s.firstFailed === false ? "Succeeded" : `Failed on task ${code(s.firstFailed.taskId)}`} after ${s.duration}`;

/** The facts every message lists, then the custom fields. */
export function facts(s: ExecutionSummary): [string, string][] {
  const out: [string, string][] = [
    ["Namespace", s.execution.namespace],
    ["Flow", s.execution.flowId],
    ["Execution", s.execution.id],
    ["Status", s.execution.state.current],
  ];
  if (s.lastTask) out.push(["Final task ID", s.lastTask.taskId]);
  for (const [k, v] of Object.entries(s.customFields ?? {})) out.push([k, str(v)]);
  return out;
}

const color = <T>(state: string, good: T, warning: T, danger: T): T => (state === "SUCCESS" ? good : state === "WARNING" ? warning : danger);

export function slackMessage(s: ExecutionSummary): Record<string, unknown> {
  const title = s.link ? `*<${s.link}|${headline(s)}>*` : `*${headline(s)}*`;
  const text = `${title}\n> ${outcome(s)}`;
  const summary: Record<string, unknown> = { type: "section", text: { type: "mrkdwn", text } };
  if (s.link) summary.accessory = { type: "button", text: { type: "plain_text", text: "Details" }, url: s.link };
  const blocks = [...(s.customMessage !== undefined ? [{ type: "section", text: { type: "mrkdwn", text: s.customMessage } }] : []), summary];
  return {
    text,
    blocks,
    attachments: [
      {
        color: color(s.execution.state.current, "good", "warning", "danger"),
        fields: facts(s).map(([title, value]) => ({ title, value, short: true })),
        ts: Math.floor(Date.parse(s.startDate) / 1000),
      },
    ],
  };
}

export function teamsMessage(s: ExecutionSummary, opts: { themeColor: string; activityTitle?: string; activitySubtitle?: string }): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  if (opts.activityTitle !== undefined) section.activityTitle = opts.activityTitle;
  if (opts.activitySubtitle !== undefined) section.activitySubtitle = opts.activitySubtitle;
  if (s.customMessage !== undefined) section.text = s.customMessage;
  section.facts = facts(s).map(([name, value]) => ({ name, value }));
  section.markdown = true;
  const card: Record<string, unknown> = {
    "@type": "MessageCard",
    "@context": "http://schema.org/extensions",
    themeColor: opts.themeColor,
    summary: `${headline(s)}: ${outcome(s)}`,
    sections: [section],
  };
  if (s.link) card.potentialAction = [{ "@type": "OpenUri", name: "Details", targets: [{ os: "default", uri: s.link }] }];
  return card;
}

export type DiscordEmbed = {
  title?: string;
  websiteUrl?: string;
  description?: string;
  thumbnail?: string;
  authorName?: string;
  color?: number[];
  footer?: string;
};

/** A Discord embed from the task's `embedList` entry (color as [r, g, b]). */
export function discordEmbed(e: DiscordEmbed, avatarUrl?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.title !== undefined) out.title = e.title;
  if (e.description !== undefined) out.description = e.description;
  if (e.websiteUrl !== undefined) out.url = e.websiteUrl;
  if (e.thumbnail !== undefined) out.thumbnail = { url: e.thumbnail };
  if (e.authorName !== undefined) out.author = { name: e.authorName, ...(e.websiteUrl ? { url: e.websiteUrl } : {}), ...(avatarUrl ? { icon_url: avatarUrl } : {}) };
  if (e.color !== undefined) out.color = e.color.length >= 3 ? (e.color[0] << 16) + (e.color[1] << 8) + e.color[2] : 0;
  if (e.footer !== undefined) out.footer = { text: e.footer };
  return out;
}

export function discordMessage(s: ExecutionSummary, opts: { username?: string; avatarUrl?: string; content?: string; embeds: DiscordEmbed[] }): Record<string, unknown> {
  const summary: Record<string, unknown> = {
    title: headline(s),
    description: [
      ...(s.customMessage !== undefined ? [s.customMessage, ""] : []),
      ...facts(s).map(([k, v]) => `${k}: ${v}`),
    ].join("\n"),
    color: color(s.execution.state.current, 0x2eb886, 0xdaa038, 0xa30200),
    footer: { text: outcome(s) },
  };
  if (s.link) summary.url = s.link;
  const message: Record<string, unknown> = { tts: false, embeds: [...opts.embeds.map((e) => discordEmbed(e, opts.avatarUrl)), summary] };
  if (opts.username !== undefined) message.username = opts.username;
  if (opts.avatarUrl !== undefined) message.avatar_url = opts.avatarUrl;
  if (opts.content !== undefined) message.content = opts.content;
  return message;
}

export function googleChatMessage(s: ExecutionSummary, text?: string): Record<string, unknown> {
  if (text !== undefined) return { text };
  const title = s.link ? `<${s.link}|${headline(s)}>` : headline(s);
  const lines = [`*${title}*`, ...(s.customMessage !== undefined ? [s.customMessage] : []), outcome(s), ...facts(s).map(([k, v]) => `${k}: ${v}`)];
  return { text: lines.join("\n") };
}

const escapeHtml = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export function mailHtml(s: ExecutionSummary): string {
  const state = s.execution.state.current;
  const p = (inner: string) => `<p style="font-family: sans-serif; font-size: 14px; margin: 0 0 15px 0;">${inner}</p>`;
  const rows = facts(s).map(([k, v]) => p(`<strong>${escapeHtml(k)}:</strong> ${escapeHtml(v)}`));
  return [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><title>Flow ${escapeHtml(headline(s))}</title></head>`,
    '<body style="background-color: #f6f6f6; padding: 10px;"><div style="max-width: 580px; margin: 0 auto; background: #ffffff; padding: 20px; border-radius: 3px;">',
    p(
      `[${escapeHtml(s.execution.namespace)}] ${escapeHtml(s.execution.flowId)} ➛ <span style="color: ${color(state, "green", "orange", "red")};">${escapeHtml(state)}</span>`,
    ),
    ...(s.customMessage !== undefined ? [p(escapeHtml(s.customMessage))] : []),
    p(escapeHtml(outcome(s, (t) => `\u0000${t}\u0001`)).replace("\u0000", "<code>").replace("\u0001", "</code>")),
    ...(s.link ? [p(`<a href="${escapeHtml(s.link)}" style="color: #3498db;">See details</a>`)] : []),
    ...rows,
    "</div></body></html>",
  ].join("\n");
}

export function mailText(s: ExecutionSummary): string {
  return [
    headline(s),
    ...(s.customMessage !== undefined ? [s.customMessage] : []),
    outcome(s, (t) => t),
    ...(s.link ? [`Details: ${s.link}`] : []),
    "",
    ...facts(s).map(([k, v]) => `${k}: ${v}`),
    "",
  ].join("\n");
}
