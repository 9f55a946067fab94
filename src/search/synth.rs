//! Test support for the search stage: a deterministic synthetic bilingual
//! corpus (English prose with Zipf-distributed vocabulary, Chinese notes,
//! shell snippets with identifiers and paths) as `SearchDoc`s.

use super::SearchDoc;

const WORDS: &str = "the a to of and in is for on with that container node pod kernel \
disk volume mount overlay read only file system log logs logging retry retries retrying \
backoff jitter throttled throttling throttle cpu memory cgroup limit quota latency p99 \
error errors timeout timeouts request requests service deploy deployment rollback rollout \
etcd leader election quorum snapshot s3 dynamodb cost gp3 io2 iops throughput alert page \
incident mitigation prevention review comment metrics observability sidecar fluentbit \
permission denied namespace user uid_map gid_map dmesg crictl kubectl journalctl \
configurable tests semantics design trade off cheaper alternative safe scale shard cache \
eviction pressure oom killed restart crash loop probe readiness liveness dns ndots:5 \
resolver upstream proxy certificate expiry rotation storage bucket lifecycle gc reference";

const HAN: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可\
主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物\
现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各\
重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并\
提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她\
手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压\
志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至\
达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越\
织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克\
何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆\
包火住调满县局照参红细引听该铁价严限读滚排障";

const ZH_TERMS: [&str; 16] = [
    "只读",
    "限流",
    "回滚",
    "选主",
    "文件系统",
    "命名空间",
    "排障",
    "指标",
    "重试",
    "退避",
    "告警",
    "快照",
    "成本",
    "灰度发布",
    "根因分析",
    "值班",
];

const COMMANDS: [&str; 8] = [
    "dmesg -T | grep -i remount",
    "crictl ps -a --state exited",
    "cat /proc/self/mountinfo | grep overlay",
    "kubectl get pods -n kube-system -o wide",
    "journalctl -u kubelet --since '10 min ago'",
    "aws ec2 describe-volumes --volume-ids vol-0abc",
    "echo 'options ndots:5' >> /etc/resolv.conf",
    "cat /proc/$PID/uid_map /proc/$PID/gid_map",
];

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "ver", "tri", "mon", "pha", "qu", "zel", "dri", "sta", "nex", "ob", "ul", "rin",
    "cor", "vex", "ti", "sy", "gra", "pol", "hy", "dro", "fen", "wu",
];

/// A small deterministic generator (xorshift64*), so runs are reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// A Zipf-like rank in 0..n: rank r is drawn about 1/(r+1) as often as rank 0.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u)) - 1.0) as usize % n.max(1)
    }
}

/// The corpus vocabulary: SRE words first (most frequent), then invented words.
pub fn vocabulary(extra: usize) -> Vec<String> {
    let mut out: Vec<String> = WORDS.split_whitespace().map(str::to_string).collect();
    let n = SYLLABLES.len();
    for i in 0..extra {
        let (a, b, c) = (i % n, (i / n) % n, (i / n / n) % n);
        let mut w = format!("{}{}{}", SYLLABLES[a], SYLLABLES[b], SYLLABLES[c]);
        if i % 7 == 0 {
            w.push_str("ing");
        } else if i % 5 == 0 {
            w.push_str("ed");
        }
        out.push(w);
    }
    out
}

fn sentence(rng: &mut Rng, vocab: &[String], words: usize) -> String {
    let picked: Vec<&str> = (0..words)
        .map(|_| vocab[rng.zipf(vocab.len())].as_str())
        .collect();
    picked.join(" ")
}

fn han(rng: &mut Rng, chars: usize) -> String {
    let pool: Vec<char> = HAN.chars().collect();
    let mut out = String::new();
    while out.chars().count() < chars {
        if rng.below(4) == 0 {
            out.push_str(ZH_TERMS[rng.below(ZH_TERMS.len())]);
        } else {
            out.push(pool[rng.zipf(pool.len())]);
        }
        if rng.below(12) == 0 {
            out.push('，');
        }
    }
    out
}

/// `n` pages of roughly `words` words of English each, with Chinese notes.
pub fn corpus(n: usize, words: usize, seed: u64) -> Vec<SearchDoc> {
    let mut rng = Rng::new(seed);
    let vocab = vocabulary(12_000);
    let modules = [
        ("debug", "System debug, fast response", "系统排障快速反应"),
        ("code-review", "Code review checklist", "代码审查"),
    ];
    (0..n)
        .map(|i| {
            let (module, mt, mtz) = modules[i % modules.len()];
            let body = format!(
                "{}. `{}` {}. {}",
                sentence(&mut rng, &vocab, words / 2),
                COMMANDS[rng.below(COMMANDS.len())],
                sentence(&mut rng, &vocab, words / 2),
                COMMANDS[rng.below(COMMANDS.len())]
            );
            SearchDoc {
                url: format!("{module}/page-{i}/index.html"),
                title: sentence(&mut rng, &vocab, 5),
                title_zh: (i % 3 != 0).then(|| han(&mut rng, 8)),
                module: module.to_string(),
                module_title: mt.to_string(),
                module_title_zh: mtz.to_string(),
                kind: ["drill", "template", "guide"][i % 3].to_string(),
                tags: vec![vocab[rng.zipf(80)].clone(), vocab[rng.zipf(80)].clone()],
                headings: vec![
                    "Scenario".into(),
                    sentence(&mut rng, &vocab, 3),
                    "Model answer".into(),
                ],
                body,
                zh: format!("中文学习笔记：{}。", han(&mut rng, words / 3)),
                templates: if i % 4 == 0 {
                    format!("Heads-up @{{{{team}}}} {}", sentence(&mut rng, &vocab, 20))
                } else {
                    String::new()
                },
            }
        })
        .collect()
}
