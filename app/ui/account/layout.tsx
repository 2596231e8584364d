import { InstanceShell } from "@/components/shell/instance-shell";

export default function Layout({ children }: { children: React.ReactNode }) {
  return <InstanceShell>{children}</InstanceShell>;
}
