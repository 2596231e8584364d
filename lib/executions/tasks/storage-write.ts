import { requiredText, text } from "./props";
import { extensionOf, storeTaskFile } from "./storage-common";
import { TaskFailure, type TaskRunner } from "./types";

/** storage.Write: stores the rendered `content` as a file (ending with `extension`) of this task run. Outputs `uri`. */
export const storageWriteTask: TaskRunner = async (ctx) => {
  if (ctx.props.content === undefined || ctx.props.content === null) throw new TaskFailure('missing required property "content"');
  const content = typeof ctx.props.content === "string" ? ctx.props.content : requiredText(ctx.props, "content");
  const uri = await storeTaskFile(ctx, new TextEncoder().encode(content), extensionOf(text(ctx.props, "extension")));
  return { outputs: { uri } };
};
