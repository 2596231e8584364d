// The orchestrator's plugin groups: the type-name prefixes of its published plugins, each with the
// plugin that provides it (its artifact name, as the orchestrator's plugin pages list it). A flow
// using a type under one of these groups that no installed plugin covers saves with a warning
// naming the plugin, and cannot run until the plugin is installed (SPEC §3, §9). Plain data: the
// editor's validator reads it in the browser too.

export type KnownGroup = {
  group: string;
  plugin: string;
  title: string;
  /** the installed plugin of that group that lacks this one type (a type its `notProvided` lists) */
  partOf?: string;
};

const group = (prefix: string, plugin: string, title: string): KnownGroup => ({ group: `io.kestra.plugin.${prefix}`, plugin, title });

const JDBC: [string, string][] = [
  ["postgresql", "PostgreSQL"], ["mysql", "MySQL"], ["mariadb", "MariaDB"], ["sqlite", "SQLite"], ["sqlserver", "SQL Server"],
  ["oracle", "Oracle"], ["db2", "IBM Db2"], ["duckdb", "DuckDB"], ["clickhouse", "ClickHouse"], ["snowflake", "Snowflake"],
  ["redshift", "Amazon Redshift"], ["trino", "Trino"], ["vertica", "Vertica"], ["vectorwise", "Actian Vector"],
  ["pinot", "Apache Pinot"], ["druid", "Apache Druid"], ["dremio", "Dremio"], ["as400", "IBM AS/400"], ["sybase", "Sybase"],
  ["arrowflight", "Apache Arrow Flight SQL"], ["hana", "SAP HANA"], ["access", "Microsoft Access"], ["rockset", "Rockset"],
];

const SCRIPTS: [string, string][] = [
  ["shell", "Shell"], ["python", "Python"], ["node", "Node.js"], ["r", "R"], ["julia", "Julia"], ["ruby", "Ruby"],
  ["powershell", "PowerShell"], ["go", "Go"], ["groovy", "Groovy"], ["jython", "Jython"], ["nashorn", "Nashorn"],
  ["bun", "Bun"], ["deno", "Deno"], ["php", "PHP"], ["perl", "Perl"], ["lua", "Lua"],
];

const NOTIFICATIONS: [string, string][] = [
  ["slack", "Slack"], ["discord", "Discord"], ["teams", "Microsoft Teams"], ["google", "Google Chat"], ["mail", "E-mail"],
  ["telegram", "Telegram"], ["pagerduty", "PagerDuty"], ["opsgenie", "Opsgenie"], ["sentry", "Sentry"],
  ["twilio", "Twilio"], ["whatsapp", "WhatsApp"], ["zenduty", "Zenduty"], ["squadcast", "Squadcast"],
  ["zulip", "Zulip"], ["gchat", "Google Chat"], ["sendgrid", "SendGrid"], ["line", "LINE"], ["messenger", "Messenger"],
  ["ntfy", "ntfy"], ["pushbullet", "Pushbullet"], ["signl4", "SIGNL4"], ["mattermost", "Mattermost"],
];

const SERDES: [string, string][] = [
  ["csv", "CSV"], ["json", "JSON"], ["avro", "Avro"], ["parquet", "Parquet"], ["excel", "Excel"], ["xml", "XML"],
  ["yaml", "YAML"], ["markdown", "Markdown"], ["html", "HTML"], ["protobuf", "Protobuf"],
];

export const KNOWN_PLUGIN_GROUPS: readonly KnownGroup[] = [
  ...JDBC.map(([id, title]) => group(`jdbc.${id}`, `plugin-jdbc-${id}`, `JDBC ${title}`)),
  group("jdbc", "plugin-jdbc", "JDBC"),
  ...SCRIPTS.map(([id, title]) => group(`scripts.${id}`, `plugin-script-${id}`, `${title} scripts`)),
  group("scripts", "plugin-scripts", "Scripts"),
  ...NOTIFICATIONS.map(([id, title]) => group(`notifications.${id}`, "plugin-notifications", `${title} notifications`)),
  group("notifications", "plugin-notifications", "Notifications"),
  ...SERDES.map(([id, title]) => group(`serdes.${id}`, "plugin-serdes", `${title} conversions`)),
  group("serdes", "plugin-serdes", "Serialization formats"),
  group("aws.s3", "plugin-aws", "Amazon S3"),
  group("aws", "plugin-aws", "Amazon Web Services"),
  group("gcp", "plugin-gcp", "Google Cloud"),
  group("googleworkspace", "plugin-googleworkspace", "Google Workspace"),
  group("azure", "plugin-azure", "Microsoft Azure"),
  group("dbt", "plugin-dbt", "dbt"),
  group("kafka", "plugin-kafka", "Apache Kafka"),
  group("mongodb", "plugin-mongodb", "MongoDB"),
  group("elasticsearch", "plugin-elasticsearch", "Elasticsearch"),
  group("opensearch", "plugin-opensearch", "OpenSearch"),
  group("git", "plugin-git", "Git"),
  group("github", "plugin-github", "GitHub"),
  group("gitlab", "plugin-gitlab", "GitLab"),
  group("fs", "plugin-fs", "File systems (SFTP, FTP, FTPS, SMB, SSH)"),
  group("spark", "plugin-spark", "Apache Spark"),
  group("airbyte", "plugin-airbyte", "Airbyte"),
  group("fivetran", "plugin-fivetran", "Fivetran"),
  group("docker", "plugin-docker", "Docker"),
  group("kubernetes", "plugin-kubernetes", "Kubernetes"),
  group("databricks", "plugin-databricks", "Databricks"),
  group("debezium", "plugin-debezium", "Debezium"),
  group("singer", "plugin-singer", "Singer"),
  group("cloudquery", "plugin-cloudquery", "CloudQuery"),
  group("dataform", "plugin-dataform", "Dataform"),
  group("sqlmesh", "plugin-sqlmesh", "SQLMesh"),
  group("soda", "plugin-soda", "Soda"),
  group("redis", "plugin-redis", "Redis"),
  group("cassandra", "plugin-cassandra", "Apache Cassandra"),
  group("couchbase", "plugin-couchbase", "Couchbase"),
  group("neo4j", "plugin-neo4j", "Neo4j"),
  group("surrealdb", "plugin-surrealdb", "SurrealDB"),
  group("pinecone", "plugin-pinecone", "Pinecone"),
  group("weaviate", "plugin-weaviate", "Weaviate"),
  group("solace", "plugin-solace", "Solace"),
  group("pulsar", "plugin-pulsar", "Apache Pulsar"),
  group("amqp", "plugin-amqp", "AMQP (RabbitMQ)"),
  group("mqtt", "plugin-mqtt", "MQTT"),
  group("nats", "plugin-nats", "NATS"),
  group("hightouch", "plugin-hightouch", "Hightouch"),
  group("meltano", "plugin-meltano", "Meltano"),
  group("modal", "plugin-modal", "Modal"),
  group("ansible", "plugin-ansible", "Ansible"),
  group("terraform", "plugin-terraform", "Terraform"),
  group("jira", "plugin-jira", "Jira"),
  group("servicenow", "plugin-servicenow", "ServiceNow"),
  group("zendesk", "plugin-zendesk", "Zendesk"),
  group("hubspot", "plugin-hubspot", "HubSpot"),
  group("openai", "plugin-openai", "OpenAI"),
  group("ollama", "plugin-ollama", "Ollama"),
  group("langchain4j", "plugin-langchain4j", "LangChain4j (AI)"),
  group("ai", "plugin-ai", "AI"),
  group("tika", "plugin-tika", "Apache Tika"),
  group("crypto", "plugin-crypto", "Cryptography (PGP)"),
  group("compress", "plugin-compress", "Compression"),
  group("minio", "plugin-minio", "MinIO"),
  group("malloy", "plugin-malloy", "Malloy"),
  group("powerbi", "plugin-powerbi", "Power BI"),
  group("tableau", "plugin-tableau", "Tableau"),
  group("linear", "plugin-linear", "Linear"),
  group("huggingface", "plugin-huggingface", "Hugging Face"),
  group("dlt", "plugin-dlt", "dlt"),
  group("ldap", "plugin-ldap", "LDAP"),
  group("kvm", "plugin-kvm", "KVM / Libvirt"),
  group("nomad", "plugin-nomad", "Nomad"),
  group("gcp.gcs", "plugin-gcp", "Google Cloud Storage"),
  group("azure.storage", "plugin-azure", "Azure Storage"),
  group("fs.sftp", "plugin-fs", "SFTP"),
  group("fs.ftp", "plugin-fs", "FTP"),
  group("fs.ftps", "plugin-fs", "FTPS"),
  group("fs.smb", "plugin-fs", "SMB"),
  group("fs.ssh", "plugin-fs", "SSH"),
  group("fs.http", "plugin-fs", "HTTP file transfer"),
  group("airflow", "plugin-airflow", "Apache Airflow"),
  group("anthropic", "plugin-anthropic", "Anthropic"),
  group("deepseek", "plugin-deepseek", "DeepSeek"),
  group("gemini", "plugin-gemini", "Google Gemini"),
  group("perplexity", "plugin-perplexity", "Perplexity"),
  group("mistral", "plugin-mistral", "Mistral AI"),
  group("slack", "plugin-slack", "Slack"),
];

/** Whether `type` is `prefix` or lies under it (`prefix.` + more). */
export const isUnder = (type: string, prefix: string) => type === prefix || type.startsWith(`${prefix}.`);

/** The most specific known group a type lies under, or undefined. */
export function knownGroupOf(type: string): KnownGroup | undefined {
  let best: KnownGroup | undefined;
  for (const g of KNOWN_PLUGIN_GROUPS) {
    if (isUnder(type, g.group) && (!best || g.group.length > best.group.length)) best = g;
  }
  return best;
}
