import { TaskFailure, type RunnerContext, type TaskRunner } from "../../lib/executions/tasks/types";
import { executionSummary } from "./execution-summary";
import { discordMessage, googleChatMessage, slackMessage, teamsMessage, type DiscordEmbed } from "./templates";
import { postToWebhook } from "./webhook";

// The chat services' tasks: `*IncomingWebhook` posts the task's `payload` as written (rendered);
// `*Execution` posts a summary of an execution, shaped for the service, with the service's own
// options (Slack's and Zulip's channel and icon, Teams' colors, Discord's embeds, Google Chat's text).

const optText = (ctx: RunnerContext, key: string): string | undefined => {
  const v = ctx.props[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
};

function requiredPayload(ctx: RunnerContext): string {
  const payload = optText(ctx, "payload");
  if (payload === undefined || payload.trim() === "") throw new TaskFailure('missing required property "payload" (the message, as JSON)');
  return payload;
}

const incomingWebhook =
  (service: string): TaskRunner =>
  async (ctx) => {
    await postToWebhook(ctx, service, requiredPayload(ctx));
    return {};
  };

export const slackIncomingWebhookTask: TaskRunner = async (ctx) => {
  const messageText = optText(ctx, "messageText");
  const payload = optText(ctx, "payload");
  if ((payload === undefined || payload.trim() === "") && messageText === undefined) throw new TaskFailure('one of "payload" (the message, as JSON) or "messageText" is required');
  await postToWebhook(ctx, "Slack", payload !== undefined && payload.trim() !== "" ? payload : JSON.stringify({ text: messageText }));
  return {};
};

/** Slack's message, which Zulip's Slack-compatible webhooks take too, with the task's channel, author and icon. */
const slackLikeExecution =
  (service: string): TaskRunner =>
  async (ctx) => {
    const message = slackMessage(await executionSummary(ctx));
    for (const [prop, field] of [["channel", "channel"], ["username", "username"], ["iconUrl", "icon_url"], ["iconEmoji", "icon_emoji"]] as const) {
      const v = optText(ctx, prop);
      if (v !== undefined) message[field] = v;
    }
    await postToWebhook(ctx, service, JSON.stringify(message));
    return {};
  };

export const slackExecutionTask = slackLikeExecution("Slack");
export const zulipExecutionTask = slackLikeExecution("Zulip");

export const teamsExecutionTask: TaskRunner = async (ctx) => {
  const summary = await executionSummary(ctx);
  const message = teamsMessage(summary, {
    themeColor: optText(ctx, "themeColor") ?? "0076D7",
    activityTitle: optText(ctx, "activityTitle"),
    activitySubtitle: optText(ctx, "activitySubtitle"),
  });
  await postToWebhook(ctx, "Microsoft Teams", JSON.stringify(message));
  return {};
};

function embeds(ctx: RunnerContext): DiscordEmbed[] {
  let list = ctx.props.embedList;
  if (list === undefined || list === null) return [];
  if (typeof list === "string") {
    try {
      list = JSON.parse(list);
    } catch {
      // reported below
    }
  }
  if (!Array.isArray(list)) throw new TaskFailure('property "embedList" must be a list of embeds');
  return list.map((e, i) => {
    if (!e || typeof e !== "object" || Array.isArray(e)) throw new TaskFailure(`embedList[${i}] must be a mapping`);
    const m = e as Record<string, unknown>;
    const s = (k: string) => (m[k] === undefined || m[k] === null ? undefined : String(m[k]));
    let color: number[] | undefined;
    if (m.color !== undefined && m.color !== null) {
      let c: unknown = m.color;
      if (typeof c === "string") {
        try {
          c = JSON.parse(c);
        } catch {
          // reported below
        }
      }
      if (!Array.isArray(c) || c.some((x) => !Number.isInteger(Number(x)) || Number(x) < 0 || Number(x) > 255))
        throw new TaskFailure(`embedList[${i}].color must be a list of three numbers from 0 to 255 (red, green, blue)`);
      color = c.map(Number);
    }
    return { title: s("title"), websiteUrl: s("websiteUrl"), description: s("description"), thumbnail: s("thumbnail"), authorName: s("authorName"), footer: s("footer"), color };
  });
}

export const discordExecutionTask: TaskRunner = async (ctx) => {
  // a payload written on the task is sent as it is, as the orchestrator does
  const payload = optText(ctx, "payload");
  if (payload !== undefined && payload.trim() !== "") {
    await postToWebhook(ctx, "Discord", payload);
    return {};
  }
  const message = discordMessage(await executionSummary(ctx), {
    username: optText(ctx, "username"),
    avatarUrl: optText(ctx, "avatarUrl"),
    content: optText(ctx, "content"),
    embeds: embeds(ctx),
  });
  await postToWebhook(ctx, "Discord", JSON.stringify(message));
  return {};
};

export const googleChatExecutionTask: TaskRunner = async (ctx) => {
  const message = googleChatMessage(await executionSummary(ctx), optText(ctx, "text"));
  await postToWebhook(ctx, "Google Chat", JSON.stringify(message));
  return {};
};

export const teamsIncomingWebhookTask = incomingWebhook("Microsoft Teams");
export const discordIncomingWebhookTask = incomingWebhook("Discord");
export const googleChatIncomingWebhookTask = incomingWebhook("Google Chat");
export const zulipIncomingWebhookTask = incomingWebhook("Zulip");
