import { ExecutionSkeleton } from "@/components/executions/execution-skeleton";

export default function Loading() {
  return <ExecutionSkeleton />;
}
