import { afterEach, describe, expect, it } from "vitest";
import { resetConfigCache } from "../../lib/config";
import { checkScheme, insideClone, parseRepoUrl } from "./repo";

describe("repository URLs", () => {
  afterEach(() => {
    delete process.env.TENANTFLOW_GIT_SCHEMES;
    resetConfigCache();
  });

  it("reads https, ssh, scp-like and file URLs, taking credentials out of the URL", () => {
    expect(parseRepoUrl("https://bob:s3cret@github.com/org/repo.git")).toEqual({
      scheme: "https",
      url: "https://github.com/org/repo.git",
      display: "https://github.com/org/repo.git",
      host: "github.com",
      port: 443,
      user: "bob",
      password: "s3cret",
    });
    expect(parseRepoUrl("http://git.local:8080/r")).toMatchObject({ scheme: "http", host: "git.local", port: 8080 });
    expect(parseRepoUrl("git@github.com:kestra-io/kestra.git")).toMatchObject({ scheme: "ssh", host: "github.com", port: 22, user: "git", url: "git@github.com:kestra-io/kestra.git" });
    expect(parseRepoUrl("ssh://git@[::1]:2222/r.git")).toMatchObject({ scheme: "ssh", host: "::1", port: 2222 });
    expect(parseRepoUrl("/srv/repo.git")).toMatchObject({ scheme: "file", url: "file:///srv/repo.git" });
    expect(parseRepoUrl("file:///srv/repo.git")).toMatchObject({ scheme: "file", url: "file:///srv/repo.git" });
  });

  it("refuses other transports and unknown shapes", () => {
    expect(() => parseRepoUrl("ext::sh -c touch% /tmp/pwned")).toThrow(/not a repository URL/);
    expect(() => parseRepoUrl("ftp://example.com/r.git")).toThrow(/scheme "ftp"/);
    expect(() => parseRepoUrl("relative/path")).toThrow(/not a repository URL/);
    expect(() => parseRepoUrl("-oProxyCommand=touch@host:r")).toThrow(/not a repository URL/);
    expect(() => parseRepoUrl("ssh://-oProxyCommand=touch/r")).toThrow(/not a repository URL/);
    expect(() => parseRepoUrl("  ")).toThrow(/missing required property "url"/);
  });

  it("allows the schemes of TENANTFLOW_GIT_SCHEMES: https and ssh by default, file only when listed", () => {
    expect(() => checkScheme(parseRepoUrl("https://github.com/o/r"))).not.toThrow();
    expect(() => checkScheme(parseRepoUrl("git@github.com:o/r"))).not.toThrow();
    expect(() => checkScheme(parseRepoUrl("http://github.com/o/r"))).toThrow(/TENANTFLOW_GIT_SCHEMES allows https, ssh/);
    expect(() => checkScheme(parseRepoUrl("/srv/r.git"))).toThrow(/file scheme/);
    process.env.TENANTFLOW_GIT_SCHEMES = "file";
    resetConfigCache();
    expect(() => checkScheme(parseRepoUrl("/srv/r.git"))).not.toThrow();
    expect(() => checkScheme(parseRepoUrl("https://github.com/o/r"))).toThrow(/https scheme/);
  });

  it("keeps the git directory inside the clone", () => {
    expect(insideClone("/tmp/x/repo", "_flows/")).toBe("/tmp/x/repo/_flows");
    expect(insideClone("/tmp/x/repo", "/")).toBe("/tmp/x/repo");
    expect(() => insideClone("/tmp/x/repo", "../../etc")).toThrow(/not a folder inside/);
    expect(() => insideClone("/tmp/x/repo", ".git/hooks")).toThrow(/\.git folder/);
  });
});
