/*
 * audit.c — `normlint audit PATH... [--register FILE.csv]`: the filing-review
 * audit of an archive. Every input yields one record (checked, unreadable,
 * or not a document format); documents are checked by -j worker threads
 * sharing one compiled ruleset, each with its own matcher; records are kept
 * in input order so the output is the same for every -j.
 */
#define _XOPEN_SOURCE 700
#include <getopt.h>
#include <time.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct job {
    char *path;
    int document; /* a loader claims the name */
    char *error;  /* why the walk could not take it (a missing path, an empty folder) */
    const char *ignore; /* the config's ignore pattern that matches it */
    size_t index; /* position among all inputs, before sharding */
} job;

typedef struct pool {
    job *jobs;
    size_t jobs_cap;
    nl_record *recs;
    size_t n;
    size_t root_len;       /* length of the operand being walked (shard hashing uses the path below it) */
    unsigned shard, shards; /* keep inputs whose hash falls in shard K of N (0 of 0: all) */
    size_t seen;           /* inputs seen, kept or not: the global index */
    const nl_ruleset *rs;
    const nl_register *reg; /* its 类型 column types documents before they are checked */
    const nl_config *cfg;   /* its ignore patterns (unless --no-ignore) */
    nl_load_opts lopts;
    nl_check_opts copts;
    int failed; /* out of memory */
    int streams;  /* jsonl: records written as they are done */
    FILE *out;    /* where the report goes (stdout or -o FILE) */
    double start; /* for the progress line */
} pool;

static int collect(void *ud, const char *path, const nl_error *err)
{
    pool *p = ud;
    const char *name = path ? path : err->path;
    size_t index = p->seen++;
    if (p->shards) {
        /* a hash of the path below the operand: the same share on every machine */
        const char *rel = strlen(name) > p->root_len ? name + p->root_len : name;
        if (nl_audit_shard(rel, p->shards) != p->shard - 1)
            return 0;
    }
    if (nl_grow((void **)&p->jobs, &p->jobs_cap, p->n, sizeof *p->jobs, 64) != 0)
        return 1;
    p->jobs[p->n].path = strdup(name);
    p->jobs[p->n].document = path ? nl_load_supported_name(path) : -1;
    p->jobs[p->n].error = err ? strdup(err->message) : NULL;
    p->jobs[p->n].ignore = path && p->cfg ? nl_config_ignore_match(p->cfg, path) : NULL;
    p->jobs[p->n].index = index;
    p->n++;
    return 0;
}

static int accept_all(const char *name)
{
    (void)name;
    return 1;
}

static void do_record(pool *p, nl_matcher *m, const job *j, nl_record *rec)
{
    nl_error err;
    if (j->error) {
        nl_record_problem(rec, j->path, NL_REC_UNREADABLE, j->error);
        return;
    }
    if (j->ignore) {
        char why[NL_ERROR_MSG_MAX];
        snprintf(why, sizeof why, "按项目配置忽略：与 %s 的 ignore 模式“%s”匹配（用 --no-ignore 审查）",
                 nl_config_path(p->cfg), j->ignore);
        nl_record_problem(rec, j->path, NL_REC_NOT_DOCUMENT, why);
        return;
    }
    if (j->document == 0) {
        const char *dot = strrchr(j->path, '.');
        char why[200];
        snprintf(why, sizeof why, "不是 normlint 读取的文件格式（%s），未审查", dot && !strchr(dot, '/') ? dot : "无扩展名");
        nl_record_problem(rec, j->path, NL_REC_NOT_DOCUMENT, why);
        return;
    }
    nl_doc *doc = NULL;
    if (nl_load_path(&doc, j->path, &p->lopts, &err) != NL_OK) {
        nl_record_problem(rec, j->path, NL_REC_UNREADABLE, err.message);
        return;
    }
    /* The register's 类型 is strong evidence, as --doc-type is (which wins).
       The row is found only now: its 文号 and 标题 are read from the document. */
    if (p->reg && !p->lopts.doc_type)
        nl_register_declare_type(p->reg, doc);
    const char *not_draft = nl_doc_not_draft(doc);
    if (not_draft) {
        nl_record_problem(rec, j->path, NL_REC_NOT_DOCUMENT, not_draft);
        nl_doc_free(doc);
        return;
    }
    nl_result *res = NULL;
    if (nl_check(&res, m, p->rs, doc, &p->copts, &err) != NL_OK) {
        nl_record_problem(rec, j->path, NL_REC_UNREADABLE, err.message);
        p->failed = 1;
    } else if (nl_record_checked(rec, j->path, doc, res) != NL_OK) {
        p->failed = 1;
    }
    nl_doc_free(doc);
}

static void do_job(pool *p, nl_matcher *m, size_t i)
{
    do_record(p, m, &p->jobs[i], &p->recs[i]);
    p->recs[i].index = p->jobs[i].index;
}

static void *thread_init(void *ud)
{
    pool *p = ud;
    nl_matcher *m = NULL;
    if (nl_matcher_new(&m, p->rs, NULL) != NL_OK)
        p->failed = 1;
    return m;
}

static void thread_free(void *ud, void *tls)
{
    (void)ud;
    nl_matcher_free(tls);
}

static void *work(void *ud, void *tls, size_t i)
{
    pool *p = ud;
    if (tls)
        do_job(p, tls, i);
    return &p->recs[i];
}

/* records are kept for the report; a streaming format writes each one now */
static int consume(void *ud, size_t i, void *result)
{
    pool *p = ud;
    (void)i;
    if (p->streams) {
        if (nl_audit_jsonl_record(p->out, result, NULL) != NL_OK)
            p->failed = 1;
        fflush(p->out);
    }
    return 0;
}

static int read_list(pool *p, const char *file)
{
    /* NUL-separated when the list holds a NUL byte, else newline-separated */
    char *buf = NULL;
    size_t len = 0;
    nl_error err;
    nl_status st = strcmp(file, "-") == 0
                       ? nl_read_stream(stdin, "-", "the file list", (size_t)256 << 20, &buf, &len, &err)
                       : nl_read_file(file, "the file list", (size_t)256 << 20, &buf, &len, &err);
    if (st != NL_OK) {
        cli_error(&err);
        return -1;
    }
    char sep = memchr(buf, '\0', len) ? '\0' : '\n';
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && buf[b] != sep)
            b++;
        size_t e = b;
        if (sep == '\n' && e > a && buf[e - 1] == '\r')
            e--;
        if (e > a) {
            buf[e] = '\0';
            p->root_len = strlen(buf + a);
            if (nl_walk_operand(buf + a, accept_all, collect, p) != NL_OK) {
                free(buf);
                return -1;
            }
        }
        a = b + 1;
    }
    free(buf);
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(void *ud, size_t done, int final)
{
    pool *p = ud;
    double el = now_s() - p->start;
    double rate = el > 0 ? (double)done / el : 0;
    fprintf(stderr, "\r审查进度：%zu/%zu 件，%.0f 件/秒", done, p->n, rate);
    if (!final && rate > 0)
        fprintf(stderr, "，预计剩余 %.0f 秒  ", (double)(p->n - done) / rate);
    else
        fputs("            ", stderr);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

/* What makes two runs judge alike: the program, the rules, the profile and
   the options that change findings. */
static void run_identity(char *buf, size_t size, const nl_ruleset *rs, const nl_profile *profile, const pool *p)
{
    char rules[17], asof[16] = "none";
    nl_ruleset_identity(rs, rules);
    if (p->copts.as_of.year)
        snprintf(asof, sizeof asof, "%04d-%02d-%02d", p->copts.as_of.year, p->copts.as_of.month, p->copts.as_of.day);
    snprintf(buf, size, "normlint %s; rules %s; profile %s; as-of %s; doc-type %s; revisions %s; encoding %s%s",
             NL_VERSION, rules, profile ? nl_profile_name(profile) : "built-in", asof,
             p->lopts.doc_type ? nl_doctype_id((nl_doctype)p->lopts.doc_type) : "inferred",
             p->lopts.revisions_original ? "original" : "current", p->lopts.encoding ? p->lopts.encoding : "detected",
             p->lopts.notes ? "; notes" : "");
}

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: normlint audit [OPTIONS] PATH...\n"
            "\n"
            "Audit an archive the way a filing-review office does: check every document,\n"
            "join the register of formulated and filed documents, and report the filing\n"
            "rate, timeliness and a review conclusion per document. Every file under the\n"
            "given folders yields one record; files that are not documents are listed.\n"
            "\n"
            "Options:\n"
            "      --register FILE     the register (CSV, UTF-8 or GB18030; 文号, 标题, 制定机关,\n"
            "                          公布日期, 报备日期, 文件, 类型 or the English doc_number, title,\n"
            "                          issuer, published, filed, file, type); a row's 类型 (规章, rule,\n"
            "                          ...) is the document's type, unless --doc-type is given\n"
            "      --files-from FILE   also read input paths from FILE ('-': stdin), one per line or\n"
            "                          NUL-separated\n"
            "  -f, --format FMT        %s (default review)\n"
            CLI_OUTPUT_HELP
            "      --no-ignore         also audit what the ignore patterns of .normlint.yaml match\n"
            "                          (else each is listed as ignored)\n"
            "  -j, --jobs N            worker threads (default: the number of cores)\n"
            "  -r, --rules DIR         also load the rule pack DIR; repeatable\n"
            "      --no-bundled        do not load the bundled rule pack\n"
            "      --disable ID        turn a rule off (ID, or a family: power.*); repeatable\n"
            "      --enable ID         turn a rule on; repeatable\n"
            "      --profile NAME      jurisdiction parameters (filing deadline, 有效期 ...)\n"
            "      --config FILE       project config (default: .normlint.yaml found upward from the input)\n"
            "      --no-config         ignore any .normlint.yaml\n"
            "      --as-of DATE        judge citations as of DATE (YYYY-MM-DD)\n"
            "      --shard K/N         check only shard K of N (a stable hash of each path below the\n"
            "                          given folder); combine the jsonl outputs with 'normlint merge'\n"
            "      --progress          show progress on stderr (default when stderr is a terminal)\n"
            "      --no-progress       do not show progress\n"
            CLI_LOAD_HELP
            "  -h, --help              show this help\n"
            "\n"
            "Exit codes: 0 no document needs correcting, 1 some document has error findings,\n"
            "2 usage, configuration or rule error, 3 some input could not be read.\n",
            nl_audit_formats());
}

/* What the command line says beyond what the pool keeps. */
typedef struct audit_args {
    const char *format, *register_path, *output_path;
    int streams;           /* the format writes each record as it is done (jsonl) */
    int no_ignore;         /* --no-ignore */
    const char *lists[16]; /* --files-from, nlists of them */
    size_t nlists;
    cli_rule_opts ro;
    int show; /* the progress line */
    int jobs;
    char **paths; /* the PATH operands, npaths of them */
    int npaths;
} audit_args;

enum { O_REGISTER = 256, O_FILES_FROM, O_AS_OF, O_PROGRESS, O_NO_PROGRESS, O_SHARD, O_NO_IGNORE };
static const struct option audit_longopts[] = {
    {"register", required_argument, NULL, O_REGISTER},
    {"files-from", required_argument, NULL, O_FILES_FROM},
    {"output", required_argument, NULL, 'o'},
    {"no-ignore", no_argument, NULL, O_NO_IGNORE},
    {"format", required_argument, NULL, 'f'},
    {"jobs", required_argument, NULL, 'j'},
    {"as-of", required_argument, NULL, O_AS_OF},
    {"progress", no_argument, NULL, O_PROGRESS},
    {"shard", required_argument, NULL, O_SHARD},
    {"no-progress", no_argument, NULL, O_NO_PROGRESS},
    CLI_RULE_LONGOPTS,
    CLI_LOAD_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* --shard K/N (1 <= K <= N <= 100000) into p; 0 after a usage error. */
static int parse_shard(const char *v, pool *p)
{
    unsigned k, nn;
    char extra;
    if (sscanf(v, "%u/%u%c", &k, &nn, &extra) != 2 || nn < 1 || k < 1 || k > nn || nn > 100000) {
        cli_usage_error("audit", "--shard needs K/N with 1 <= K <= N, not '%s'", v);
        return 0;
    }
    p->shard = k;
    p->shards = nn;
    return 1;
}

/* Read the options into p and a; the operands are left from optind on.
   -1 to go on, else the exit code to return at once (after a usage error,
   or after --help). */
static int read_options(pool *p, audit_args *a, int argc, char **argv)
{
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:j:r:o:h", audit_longopts, NULL)) != -1) {
        int took = cli_load_option("audit", c, optarg, &p->lopts);
        if (!took)
            took = cli_rule_option("audit", c, optarg, &a->ro);
        if (took < 0)
            return NL_EXIT_USAGE;
        if (took)
            continue;
        switch (c) {
        case O_REGISTER: a->register_path = optarg; break;
        case O_FILES_FROM:
            if (a->nlists < 16)
                a->lists[a->nlists++] = optarg;
            break;
        case 'f': a->format = optarg; break;
        case 'o': a->output_path = optarg; break;
        case O_NO_IGNORE: a->no_ignore = 1; break;
        case 'j':
            if (!cli_parse_jobs("audit", optarg, &a->jobs))
                return NL_EXIT_USAGE;
            break;
        case O_PROGRESS: a->show = 1; break;
        case O_SHARD:
            if (!parse_shard(optarg, p))
                return NL_EXIT_USAGE;
            break;
        case O_NO_PROGRESS: a->show = 0; break;
        case O_AS_OF:
            if (!cli_parse_as_of("audit", optarg, &p->copts.as_of))
                return NL_EXIT_USAGE;
            break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            return cli_bad_option("audit", argv);
        }
    }
    return -1;
}

/* Read the command line into p and a (both set up here) and check it.
   -1 to go on, else the exit code to return at once (nothing is held yet). */
static int parse_args(pool *p, audit_args *a, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->copts.min_severity = NL_SEV_INFO;
    memset(a, 0, sizeof *a);
    a->format = "review";
    a->show = isatty(STDERR_FILENO);
    a->jobs = cli_default_jobs();
    int rc = read_options(p, a, argc, argv);
    if (rc >= 0)
        return rc;
    a->paths = argv + optind;
    a->npaths = argc - optind;
    if (!nl_audit_format_known(a->format, &a->streams)) {
        cli_usage_error("audit", "unknown format '%s' (known: %s)", a->format, nl_audit_formats());
        return NL_EXIT_USAGE;
    }
    if (a->npaths == 0 && a->nlists == 0) {
        cli_usage_error("audit", "no input: name at least one file or directory, or --files-from");
        return NL_EXIT_USAGE;
    }
    if (a->jobs < 1)
        a->jobs = 1;
    return -1;
}

/* --register FILE (none: nothing to do) into *reg, which the caller frees
   (also on failure); the cells it could not use (an unknown 类型) are said,
   and the run goes on. 0 after a message. */
static int load_register(nl_register **reg, const char *path)
{
    nl_error err;
    if (path && nl_register_load(reg, path, &err) != NL_OK) {
        cli_error(&err);
        return 0;
    }
    for (size_t i = 0; i < nl_register_problem_count(*reg); i++)
        cli_error(nl_register_problem(*reg, i));
    return 1;
}

/* List every input into p->jobs (the operands walked, then the --files-from
   lists) and make room for their records (p->recs). 0 after a message. */
static int collect_inputs(pool *p, const audit_args *a)
{
    for (int i = 0; i < a->npaths; i++) {
        p->root_len = strlen(a->paths[i]);
        if (nl_walk_operand(a->paths[i], accept_all, collect, p) != NL_OK) {
            fprintf(stderr, "normlint: out of memory\n");
            return 0;
        }
    }
    for (size_t i = 0; i < a->nlists; i++)
        if (read_list(p, a->lists[i]) != 0)
            return 0;
    p->recs = calloc(p->n ? p->n : 1, sizeof *p->recs);
    if (!p->recs) {
        fprintf(stderr, "normlint: out of memory\n");
        return 0;
    }
    return 1;
}

/* Open the report's stream (*out, closed by the caller) as p->out; a
   streaming format starts with its header line. 0 after a message. */
static int start_report(pool *p, cli_out *out, const audit_args *a, const nl_ruleset *rs, const nl_profile *profile)
{
    if (!(p->out = cli_out_open(out, a->output_path)))
        return 0;
    p->streams = a->streams;
    if (a->streams) {
        /* which shard of which run: merge checks that a set is whole */
        nl_shard_info info = {1, p->shards ? p->shard : 1, p->shards ? p->shards : 1, p->seen, ""};
        run_identity(info.run, sizeof info.run, rs, profile, p);
        if (nl_audit_jsonl_header(p->out, &info) != NL_OK) {
            fprintf(stderr, "normlint: cannot write the report\n");
            return 0;
        }
    }
    return 1;
}

/* Audit every input on a->jobs worker threads, into p->recs (a streaming
   format writes each record as it is done). 0 after a message. */
static int audit_inputs(pool *p, nl_ruleset *rs, const audit_args *a)
{
    cli_prepare_rules(rs, p->n);
    p->start = now_s();
    cli_pool_spec ps = {.n = p->n, .threads = (int)a->jobs, .ud = p, .thread_init = thread_init,
                        .thread_free = thread_free, .work = work, .consume = consume,
                        .tick = a->show ? progress : NULL};
    if (cli_pool_run(&ps) < 0) {
        fprintf(stderr, "normlint: cannot start the worker threads\n");
        return 0;
    }
    return 1;
}

/* Join the records with the register, write the report and close *out,
   then say on stderr what could not be read and the warnings of each
   document. Returns the exit code. */
static int finish_audit(pool *p, cli_out *out, const nl_register *reg, const nl_profile *profile,
                        const audit_args *a)
{
    nl_audit_stats st;
    nl_audit_join(p->recs, p->n, reg, profile ? profile : nl_profile_builtin(), &st);
    if (nl_audit_report(a->format, p->out, p->recs, p->n, reg, &st, a->streams) != NL_OK || p->failed) {
        fprintf(stderr, "normlint: cannot write the report\n");
        return NL_EXIT_USAGE;
    }
    if (!cli_out_close(out, 1))
        return NL_EXIT_USAGE;
    if (st.checked == 0 && !st.unreadable)
        fprintf(stderr, "normlint: no document was audited (%zu not documents to review or ignored)\n",
                st.not_documents);
    for (size_t i = 0; i < p->n; i++) {
        if (p->recs[i].status == NL_REC_UNREADABLE)
            fprintf(stderr, "normlint: %s: %s\n", p->recs[i].path, p->recs[i].error);
        /* rules skipped on a document (a pattern limit), as check says them */
        for (size_t k = 0; p->recs[i].result && k < nl_result_warning_count(p->recs[i].result); k++)
            fprintf(stderr, "normlint: warning: %s\n", nl_result_warning(p->recs[i].result, k));
    }
    return p->failed ? NL_EXIT_USAGE
           : st.unreadable ? NL_EXIT_UNREADABLE
           : st.conclusions[NL_CONCL_CORRECT] ? NL_EXIT_FINDINGS
                                              : NL_EXIT_OK;
}

/* Free the inputs and records the pool holds. */
static void free_pool(pool *p)
{
    for (size_t i = 0; i < p->n; i++) {
        if (p->recs)
            nl_record_clear(&p->recs[i]);
        free(p->jobs[i].path);
        free(p->jobs[i].error);
    }
    free(p->recs);
    free(p->jobs);
}

int cmd_audit(int argc, char **argv)
{
    pool p;
    audit_args a;
    int rc = parse_args(&p, &a, argc, argv);
    if (rc >= 0)
        return rc;
    rc = NL_EXIT_USAGE;
    cli_out out = {NULL, NULL};
    nl_config *cfg = NULL;
    nl_ruleset *rs = NULL;
    nl_register *reg = NULL;
    nl_profile *profile = NULL;
    if (!load_register(&reg, a.register_path))
        goto done;
    p.reg = reg;
    /* rules, profile and the project config as check has them (the config
       is found upward from the first folder, else the current one) */
    if (cli_rule_setup("audit", &a.ro, a.npaths > 0 ? a.paths[0] : ".", &cfg, &profile, &rs) != NL_EXIT_OK)
        goto done;
    p.copts.profile = profile;
    p.rs = rs;
    p.cfg = a.no_ignore ? NULL : cfg;
    if (!collect_inputs(&p, &a) || !start_report(&p, &out, &a, rs, profile) || !audit_inputs(&p, rs, &a))
        goto done;
    rc = finish_audit(&p, &out, reg, profile, &a);
done:
    free_pool(&p);
    if (out.f)
        cli_out_close(&out, 0);
    nl_ruleset_free(rs);
    nl_config_free(cfg);
    nl_register_free(reg);
    nl_profile_free(profile);
    return rc;
}
