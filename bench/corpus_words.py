"""Word lists for gen_corpus.py: English prose, SRE terms, Chinese words.

Plain lists (never sets) so iteration order, and with it the corpus, is the
same on every run and every Python version.
"""

# Ordinary English, roughly by frequency: the generator samples with Zipf-like
# weights over this order, so early words are common and late ones are rare,
# as in real prose (a search index then sees a realistic long tail).
ENGLISH = """
the of and to a in is that for it as was with be by on not he this are or his
from at which but have an they you were her she there been one all we their has
would when if so no will more can who out said do what up its about into than them
only other time new some could these two may first then do any like my now over
such our man me even most made after also did many before must through back years
where much your way well down should because each just those people how too little
state good very make world still own see men work long get here between both life
being under never day same another know while last might us great old year off
come since against go came right used take three states himself few house use
during without again place around however home small found thought went say part
once general high upon school every don does got united left number course war
until always away something fact though water less public put think almost hand
enough far took head yet government system better set told nothing night end why
called didn find going look asked later knew point next program city business give
group toward young days let room president side social given present several order
national possible rather second face per among form important often things looked
early white case john become large big need four within felt along children saw best
church ever least power development light thing seemed family interest want members
mind country area others done turned although open problem god certain kind different
thus began door help means sense whole matter perhaps itself york times human law line
above name example action company hands local show whether five history gave today
either act feet across taken past quite anything seen having death week experience
body word half really field am car words already themselves information tell college
shall together money period held keep sure probably free seems political real behind
cannot miss question air office making brought whose special heard major problems ago
became federal moment study available known result street economic boy position reason
change south board individual job areas society west close turn love community true
court force full seem am front art market policy plan together million required
careful steady quiet narrow broad simple clear plain exact rough quick slow calm bold
honest modest patient precise concise polite direct gentle firm brief loud fair
evidence measure signal pattern shape reading answer review choice trade cost budget
owner habit ritual lesson practice rehearse explain describe summarise clarify confirm
estimate compare contrast justify defend propose suggest recommend decide agree disagree
escalate acknowledge apologise thank notify update schedule postpone cancel resume pause
meeting agenda minutes follow summary context background timeline impact scope risk
mitigation prevention remediation ownership accountability handover shift rotation
weekend holiday morning evening deadline milestone sprint quarter roadmap priority
stakeholder customer partner vendor contract invoice finance audit compliance security
privacy consent policy exception waiver approval reviewer author maintainer mentor
junior senior staff principal manager director engineer operator responder commander
scribe liaison observer listener speaker audience interviewer candidate panel loop
feedback signal strength weakness growth curiosity humility clarity brevity tone
register formal casual friendly neutral urgent calmly firmly politely briefly clearly
honestly frankly roughly exactly probably certainly likely unlikely rarely usually
gradually suddenly quietly eventually immediately recently previously currently
""".split()

# Infrastructure vocabulary: a second pool, mixed into technical sentences.
TECH = """
overlay overlayfs mount unmount remount namespace cgroup kernel dmesg syslog journald
systemd container pod node cluster kubelet scheduler controller operator deployment
daemonset statefulset replicaset service ingress gateway loadbalancer listener target
health probe readiness liveness sidecar fluentbit fluentd vector logstash shipper
collector exporter prometheus alertmanager grafana dashboard panel query metric counter
gauge histogram summary quantile percentile latency throughput saturation error budget
slo sli sla burn rate window paging pager oncall runbook playbook postmortem rca
incident outage degradation regression rollback rollout canary blue green feature flag
toggle config secret vault token credential certificate tls handshake cipher expiry
rotation renewal dns resolver record ttl cname anycast cdn edge origin cache eviction
hit miss warmup stampede thundering herd retry backoff jitter timeout deadline circuit
breaker bulkhead throttle ratelimit quota admission queue topic partition offset consumer
producer broker kafka kinesis sqs sns pubsub stream batch shard replica leader follower
quorum consensus raft paxos election heartbeat lease lock mutex semaphore deadlock
livelock contention starvation priority inversion scheduler preemption interrupt
softirq irq nic driver firmware mtu fragmentation conntrack iptables nftables ebpf
xdp tcpdump wireshark strace ltrace perf flamegraph profile sampling trace span baggage
context propagation opentelemetry jaeger zipkin tempo loki elasticsearch opensearch
index shard mapping reindex snapshot restore backup retention lifecycle tiering glacier
bucket object prefix multipart upload download presigned lifecycle versioning
replication crossregion failover failback dr rto rpo ebs gp2 gp3 io1 io2 iops
provisioned burst credits volume attach detach filesystem ext4 xfs btrfs inode
quota fsync journal writeback dirty pages pagecache swap oom killer rss heap stack
goroutine thread pool executor worker reactor eventloop epoll kqueue io_uring async
await future promise channel select buffer backpressure flowcontrol window ack nack
dedupe idempotent exactly once at least ordering watermark checkpoint compaction
vacuum analyze autovacuum bloat replication lag wal binlog redo undo isolation
snapshot serializable phantom dirty read write skew hotspot partitioning sharding
dynamodb s3 rds aurora postgres mysql redis memcached etcd consul zookeeper terraform
helm kustomize argocd flux gitops pipeline ci cd artifact registry image layer digest
tag manifest signature sbom vulnerability cve patch upgrade downgrade drain cordon
taint toleration affinity spread topology zone region az vpc subnet route nat peering
endpoint privatelink iam role policy principal assume sts kms envelope encryption
cost spend savings reserved spot ondemand rightsizing utilisation headroom capacity
forecast growth peak trough diurnal seasonal autoscaling hpa vpa karpenter nodegroup
""".split()

# Chinese: technical and everyday words. Notes are built from random runs of
# these, so character bigrams vary like real study notes.
ZH = """
服务器 节点 集群 容器 镜像 日志 监控 告警 延迟 吞吐 回滚 发布 灰度 只读 文件系统 挂载
权限 内核 网络 负载均衡 数据库 索引 缓存 队列 重试 退避 抖动 超时 熔断 限流 降级 扩容
缩容 成本 存储 快照 备份 恢复 一致性 可用性 可观测性 指标 链路 追踪 采样 告警风暴 值班
故障 事故 复盘 根因 影响范围 止损 缓解 预防 改进 措施 负责人 时间线 升级 通知 用户 客户
团队 会议 沟通 表达 清楚 简洁 礼貌 直接 委婉 正式 口语 书面 场景 例句 句型 词汇 短语
发音 语气 重点 结构 逻辑 证据 假设 验证 排查 定位 命令 输出 参数 配置 版本 依赖 兼容
迁移 上线 下线 回退 审批 评审 代码 提交 合并 冲突 测试 单元测试 集成测试 覆盖率 边界
异常 错误 返回值 语义 幂等 并发 锁 死锁 竞争 线程 协程 进程 内存 泄漏 磁盘 空间 满了
写入 读取 吞吐量 带宽 连接 握手 证书 过期 轮换 密钥 加密 解密 签名 域名 解析 路由 子网
网关 防火墙 规则 安全组 端口 协议 请求 响应 状态码 重定向 会话 令牌 认证 授权 角色
策略 账号 区域 可用区 跨区 复制 主从 切换 选举 心跳 租约 分区 副本 分片 热点 倾斜
压缩 清理 保留 生命周期 归档 冷存储 价格 账单 预算 节省 预留实例 竞价实例 利用率 余量
容量 规划 预测 峰值 低谷 弹性 自动扩缩容 调度 亲和性 污点 驱逐 排空 优雅退出 信号
健康检查 探针 就绪 存活 边车 采集 上报 聚合 仪表盘 面板 查询 告警规则 阈值 窗口 燃烧率
错误预算 目标 承诺 面试 面试官 候选人 回答 追问 思路 框架 权衡 取舍 替代方案 方案 设计
架构 组件 接口 模块 职责 边界 扩展性 可靠性 安全性 成本优化 风险 收益 优先级 截止 计划
我们 你们 他们 这个 那个 首先 然后 接着 最后 因为 所以 但是 如果 虽然 已经 正在 可以
应该 需要 必须 可能 大概 马上 立刻 尽快 暂时 长期 短期 今天 昨天 明天 上周 本周 下周
早上 晚上 周末 同事 经理 老板 新人 资深 经验 习惯 练习 复习 记住 注意 理解 掌握 提高
问题 原因 结果 影响 情况 过程 步骤 方法 工具 办法 建议 意见 反馈 总结 说明 描述 解释
一下 一些 所有 每个 其中 另外 而且 或者 然而 比如 例如 换句话说 总之 也就是说 关键 核心
""".split()

ZH_PUNCT_MID = ["，", "，", "，", "、"]
ZH_PUNCT_END = ["。", "。", "。", "；", "！", "？"]

# Tags: front matter `tags`.
TAGS = """
overlayfs ebs gp3 io2 logging fluentbit kubernetes networking dns tls latency backoff
jitter retry observability metrics tracing alerting slo cost s3 dynamodb snapshots gc
rollout canary rollback incident rca slack pr-review testing config security iam kms
postgres redis kafka queues capacity autoscaling oom disk-full readonly-fs kernel
containers terraform helm ci meetings phrasing registers interview on-call handover
""".split()

LEVELS = ["junior", "mid", "senior", "staff"]

MODULES = [
    ("debug", "System debug, fast response", "系统排障快速反应"),
    ("code-review", "Code review checklist", "代码审查"),
    ("expression", "English expression", "英文表达"),
    ("system-design", "System design & cost", "系统设计与成本"),
]

# Placeholders a template may use: name -> (label, label_zh, example pool).
PLACEHOLDERS = [
    ("team", "Team handle", "团队", ["storage-oncall", "platform", "sre-core", "payments-infra"]),
    ("node", "Node name", "节点名", ["ip-10-0-3-17", "ip-10-2-8-41", "worker-7", "gpu-a12"]),
    ("service", "Service", "服务名", ["log-shipper", "blob-writer", "checkout", "ingest-api"]),
    ("incident_id", "Incident ID", "事故编号", ["INC-2041", "INC-311", "SEV2-88", "INC-9020"]),
    ("region", "Region", "区域", ["us-east-1", "eu-west-1", "ap-southeast-1", "us-west-2"]),
    ("owner", "Owner", "负责人", ["@mei", "@arjun", "@lena", "@tomas"]),
    ("eta", "Next update", "下次更新时间", ["15:30 UTC", "in 30 min", "10:00 PT", "EOD"]),
    ("pr_number", "PR number", "PR 编号", ["#4812", "#219", "#10077", "#553"]),
    ("volume_id", "Volume ID", "卷 ID", ["vol-0a12f", "vol-7c3d9", "vol-19e0b", "vol-55aa1"]),
    ("channel", "Channel", "频道", ["#inc-storage", "#ops", "#release", "#sre-help"]),
    ("severity", "Severity", "严重级别", ["SEV1", "SEV2", "SEV3", "P2"]),
    ("start_time", "Start time", "开始时间", ["09:12 UTC", "02:40 UTC", "14:05 PT", "23:58 UTC"]),
    ("customer", "Customer", "客户", ["Acme", "Globex", "Initech", "internal users"]),
    ("metric", "Metric", "指标", ["p99 latency", "5xx rate", "queue depth", "disk used %"]),
]

TEMPLATE_FORMATS = ["slack", "slack", "slack", "github", "markdown", "email", "text"]

TEMPLATE_TITLES = [
    "Heads-up", "Incident update", "RCA summary", "PR review comment", "Design review answer",
    "Handover note", "Rollback notice", "Customer update", "Change request", "Status post",
    "Escalation", "Mitigation in place", "All clear", "Follow-up actions", "Capacity request",
]
