/*
 * rules.c — `normlint rules list|show ID` (what the loaded packs hold),
 * `normlint rules --export-patterns [FILE]` (their patterns for ripgrep) and
 * `normlint test-rules [DIR...]` (validate packs and run every rule's
 * examples; each problem is printed as FILE:LINE:COL: rule error: REASON).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_PACKS 64

typedef struct packopts {
    const char *dirs[MAX_PACKS];
    size_t n;
    int bundled;
    int export_patterns;        /* rules --export-patterns */
    const char *export_file;    /* its =FILE, or NULL */
} packopts;

/* Common options: --rules DIR, --no-bundled, -h, and for `rules` (when
   `exporting`) --export-patterns[=FILE]. Returns -1 to exit with *rc, else
   the index of the first operand. */
static int parse_pack_opts(const char *cmd, int argc, char **argv, packopts *po, int exporting, void (*help)(FILE *),
                           int *rc)
{
    enum { O_NO_BUNDLED = 256, O_EXPORT };
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, 'r'},
        {"no-bundled", no_argument, NULL, O_NO_BUNDLED},
        {"help", no_argument, NULL, 'h'},
        {"export-patterns", optional_argument, NULL, O_EXPORT},
        {NULL, 0, NULL, 0},
    };
    int c;
    po->n = 0;
    po->bundled = 1;
    po->export_patterns = 0;
    po->export_file = NULL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+r:h", longopts, NULL)) != -1) {
        switch (c) {
        case O_EXPORT:
            if (exporting) {
                po->export_patterns = 1;
                po->export_file = optarg;
                break;
            }
            cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            *rc = NL_EXIT_USAGE;
            return -1;
        case 'r':
            if (po->n == MAX_PACKS) {
                cli_usage_error(cmd, "at most %d --rules options", MAX_PACKS);
                *rc = NL_EXIT_USAGE;
                return -1;
            }
            po->dirs[po->n++] = optarg;
            break;
        case O_NO_BUNDLED: po->bundled = 0; break;
        case 'h':
            help(stdout);
            *rc = NL_EXIT_OK;
            return -1;
        default:
            *rc = cli_bad_option(cmd, argv);
            return -1;
        }
    }
    return optind;
}

static void rules_help(FILE *f)
{
    fputs("Usage: normlint rules [--rules DIR]... [--no-bundled] list [--format text|json]\n"
          "       normlint rules [--rules DIR]... [--no-bundled] vocab\n"
          "       normlint rules [--rules DIR]... [--no-bundled] show ID|VOCABULARY\n"
          "       normlint rules [--rules DIR]... [--no-bundled] --export-patterns [FILE]\n"
          "\n"
          "List the loaded rules (id, severity, kind, scope, title), list the named\n"
          "vocabularies that patterns use as {{name}}, or show one rule in full:\n"
          "title, message, legal basis, advice, patterns as written and with their\n"
          "vocabularies expanded, mechanical fixes (find → replace), document types,\n"
          "scope and examples. `show NAME` of a vocabulary prints its pattern and\n"
          "the rules that use it.\n"
          "\n"
          "--export-patterns writes the patterns of the enabled pattern and require\n"
          "rules, one per line, in the syntax of ripgrep's default regex engine, to\n"
          "FILE (or standard output), for `rg -o -n --column -f FILE`. Look-around,\n"
          "\\K, atomic groups and possessive quantifiers are dropped, so such a line\n"
          "may match more than the rule; a pattern that cannot be expressed (a\n"
          "back-reference, recursion, ...) is left out. Both are listed on stderr as\n"
          "ID#N (the rule's Nth pattern).\n"
          "\n"
          "Options:\n"
          "  -r, --rules DIR   also load the rule pack DIR (or one YAML file); repeatable\n"
          "      --no-bundled  do not load the bundled rule pack\n"
          "      --export-patterns [FILE]  write the patterns for ripgrep (see above)\n"
          "  -h, --help        show this help\n"
          "\n"
          "Exit codes: 0 success, 2 usage error, rule-pack error, unknown ID or FILE\n"
          "not written.\n",
          f);
}

/* `only-issuer` / `unless-issuer` as one line each: the levels, then the kinds */
static void show_issuers(const nl_rule *r, int only)
{
    unsigned lv = nl_rule_issuer_levels(r, only), kd = nl_rule_issuer_kinds(r, only);
    if (!lv && !kd)
        return;
    printf("  %s：", only ? "仅对发文机关" : "不对发文机关");
    const char *sep = "";
    for (int k = NL_ISSUER_CENTRAL; k <= NL_ISSUER_TOWNSHIP; k++)
        if (lv & (1u << k)) {
            printf("%s%s", sep, nl_issuer_level_id((nl_issuer_level)k));
            sep = ", ";
        }
    for (int k = NL_ISSUER_GOVERNMENT; k <= NL_ISSUER_DISPATCHED; k++)
        if (kd & (1u << k)) {
            printf("%s%s", sep, nl_issuer_kind_id((nl_issuer_kind)k));
            sep = ", ";
        }
    printf("\n");
}

static void show_rule(const nl_rule *r)
{
    printf("%s\n", nl_rule_id(r));
    printf("  标题：%s\n", nl_rule_title(r));
    printf("  级别：%s（%s）\n", nl_severity_name(nl_rule_severity(r)), nl_severity_zh(nl_rule_severity(r)));
    printf("  类型：%s\n", nl_rule_kind(r));
    printf("  范围：%s\n", nl_rule_scope(r));
    printf("  适用：");
    for (size_t i = 0; i < nl_rule_applies_count(r); i++)
        printf("%s%s", i ? ", " : "", nl_rule_applies(r, i));
    printf("\n  提示：%s\n", nl_rule_message(r));
    for (size_t i = 0; i < nl_rule_basis_count(r); i++)
        printf("  依据：%s\n", nl_rule_basis(r, i));
    printf("  建议：%s\n", nl_rule_advice(r));
    for (size_t i = 0; i < nl_rule_pattern_count(r); i++) {
        printf("  模式：%s\n", nl_rule_pattern_written(r, i));
        if (strcmp(nl_rule_pattern_written(r, i), nl_rule_pattern(r, i)) != 0)
            printf("  展开：%s\n", nl_rule_pattern(r, i));
    }
    for (size_t i = 0; i < nl_rule_fix_count(r); i++)
        printf("  修正：%s → %s\n", nl_rule_fix_find(r, i), nl_rule_fix_replace(r, i));
    for (int only = 1; only >= 0; only--)
        show_issuers(r, only);
    printf("  状态：%s\n", nl_rule_enabled(r) ? "默认启用" : "默认关闭（--enable 启用）");
    printf("  来源：%s:%lu\n", nl_rule_file(r), nl_rule_line(r));
    for (int bad = 1; bad >= 0; bad--)
        for (size_t i = 0; i < nl_rule_example_count(r, bad); i++) {
            const char *ex = nl_rule_example(r, bad, i);
            printf("  %s：", bad ? "反例" : "正例");
            for (const char *p = ex; *p; p++) {
                if (*p == '\n' && p[1] == '\0')
                    break;
                if (*p == '\n')
                    fputs("\n        ", stdout);
                else
                    putchar(*p);
            }
            putchar('\n');
        }
}

/* `rules show NAME` for a vocabulary: what it stands for, its pattern and
   the rules that use it. */
static void show_vocab(const nl_ruleset *rs, size_t v)
{
    const char *name = nl_ruleset_vocab_name(rs, v);
    printf("{{%s}}\n", name);
    printf("  词表：%s\n", nl_ruleset_vocab_title(rs, v));
    printf("  模式：%s\n", nl_ruleset_vocab_source(rs, v));
    char ref[160];
    snprintf(ref, sizeof ref, "{{%s}}", name);
    for (size_t i = 0; i < nl_ruleset_count(rs); i++) {
        const nl_rule *r = nl_ruleset_rule(rs, i);
        int uses = 0;
        for (size_t k = 0; k < nl_rule_pattern_count(r) && !uses; k++)
            uses = strstr(nl_rule_pattern_written(r, k), ref) != NULL;
        if (uses)
            printf("  使用：%s\n", nl_rule_id(r));
    }
}

/* Append " ID#N" (and " (why)") to a growing list (*cap bytes held); 0, or
   -1 when out of memory. */
static int note(char **list, size_t *len, size_t *cap, const char *id, size_t n, const char *why)
{
    size_t add = strlen(id) + (why ? strlen(why) : 0) + 32;
    if (nl_reserve((void **)list, cap, *len + add, 1, 256) != 0)
        return -1;
    *len += (size_t)snprintf(*list + *len, add, why ? " %s#%zu (%s)" : " %s#%zu", id, n, why ? why : "");
    return 0;
}

/* rules --export-patterns: the enabled pattern and require rules' patterns in
   Rust regex syntax, one per line, to `path` (NULL or "-": stdout; a file is
   replaced atomically). */
static int export_patterns(const nl_ruleset *rs, const char *path)
{
    nl_atomic *a = NULL;
    nl_error err;
    FILE *f = stdout;
    char *left = NULL, *wide = NULL;
    size_t nleft = 0, nwide = 0, leftlen = 0, widelen = 0, leftcap = 0, widecap = 0, written = 0;
    int rc = NL_EXIT_OK;
    if (path && strcmp(path, "-") != 0) {
        if (nl_atomic_open(&a, path, &err) != NL_OK) {
            cli_error(&err);
            return NL_EXIT_USAGE;
        }
        f = nl_atomic_stream(a);
    }
    for (size_t i = 0; i < nl_ruleset_count(rs) && rc == NL_EXIT_OK; i++) {
        const nl_rule *r = nl_ruleset_rule(rs, i);
        const char *kind = nl_rule_kind(r);
        /* only what makes findings: the semantic kinds use theirs as a precondition */
        if (!nl_rule_enabled(r) || (strcmp(kind, "pattern") != 0 && strcmp(kind, "require") != 0))
            continue;
        for (size_t k = 0; k < nl_rule_pattern_count(r) && rc == NL_EXIT_OK; k++) {
            char *rx = NULL;
            const char *why = NULL;
            int tr = nl_pattern_to_rust(&rx, &why, nl_rule_pattern(r, k));
            int oom = 0;
            if (tr == NL_RX_EXACT || tr == NL_RX_WIDENED) {
                fprintf(f, "%s\n", rx);
                written++;
                if (tr == NL_RX_WIDENED) {
                    nwide++;
                    oom = note(&wide, &widelen, &widecap, nl_rule_id(r), k + 1, NULL) != 0;
                }
            } else if (tr == NL_RX_UNSUPPORTED) {
                nleft++;
                oom = note(&left, &leftlen, &leftcap, nl_rule_id(r), k + 1, why) != 0;
            } else {
                oom = 1;
            }
            free(rx);
            if (oom) {
                fprintf(stderr, "normlint: out of memory\n");
                rc = NL_EXIT_USAGE;
            }
        }
    }
    if (a) {
        if (rc != NL_EXIT_OK) {
            nl_atomic_abort(a);
        } else if (nl_atomic_commit(a, &err) != NL_OK) {
            cli_error(&err);
            rc = NL_EXIT_USAGE;
        }
    } else if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "normlint: cannot write the patterns to standard output\n");
        rc = NL_EXIT_USAGE;
    }
    if (rc == NL_EXIT_OK) {
        if (nleft)
            fprintf(stderr, "normlint: %zu pattern%s left out:%s\n", nleft, nleft == 1 ? "" : "s", left);
        if (nwide)
            fprintf(stderr, "normlint: %zu pattern%s widened (look-around, \\K or possessive dropped):%s\n", nwide,
                    nwide == 1 ? "" : "s", wide);
        if (a)
            fprintf(stderr, "normlint: %zu patterns written to %s\n", written, path);
    }
    free(left);
    free(wide);
    return rc;
}

/* rules --export-patterns [FILE]: FILE is the option's =FILE or the one
   operand (none: standard output). Returns the exit code. */
static int run_export(const packopts *po, int first, int argc, char **argv)
{
    if (argc - first > (po->export_file ? 0 : 1)) {
        cli_usage_error("rules", "--export-patterns takes at most one FILE");
        return NL_EXIT_USAGE;
    }
    const char *path = po->export_file ? po->export_file : first < argc ? argv[first] : NULL;
    nl_ruleset *rs = NULL;
    int rc = cli_load_rules(&rs, po->dirs, po->n, po->bundled, 1);
    if (rc == NL_EXIT_OK)
        rc = export_patterns(rs, path);
    nl_ruleset_free(rs);
    return rc;
}

/* Check the action at argv[first] and its operands: list [--format
   text|json] (*json set for json), vocab, or show with one name. -1 to go
   on, else the exit code after a usage error. */
static int read_action(int *json, int first, int argc, char **argv)
{
    *json = 0;
    if (first >= argc) {
        cli_usage_error("rules", "name an action: list or show ID");
        return NL_EXIT_USAGE;
    }
    const char *action = argv[first];
    if (strcmp(action, "list") != 0 && strcmp(action, "show") != 0 && strcmp(action, "vocab") != 0) {
        cli_usage_error("rules", "unknown action '%s' (expected list, vocab or show ID)", action);
        return NL_EXIT_USAGE;
    }
    if (strcmp(action, "show") == 0 && first + 2 != argc) {
        cli_usage_error("rules", "show needs exactly one rule ID");
        return NL_EXIT_USAGE;
    }
    /* list [--format text|json] */
    if (strcmp(action, "list") == 0 && first + 1 < argc) {
        const char *a = argv[first + 1], *v = NULL;
        if ((strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) && first + 3 == argc)
            v = argv[first + 2];
        else if (strncmp(a, "--format=", 9) == 0 && first + 2 == argc)
            v = a + 9;
        if (!v || (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)) {
            cli_usage_error("rules", "list takes only --format text|json");
            return NL_EXIT_USAGE;
        }
        *json = strcmp(v, "json") == 0;
    } else if (strcmp(action, "show") != 0 && first + 1 != argc) {
        cli_usage_error("rules", "%s takes no operand", action);
        return NL_EXIT_USAGE;
    }
    return -1;
}

/* rules list: one line a rule, or the JSON list. Returns the exit code. */
static int list_rules(const nl_ruleset *rs, int json)
{
    if (json) {
        if (nl_rules_write_json(stdout, rs) != NL_OK) {
            fprintf(stderr, "normlint: cannot write the rule list\n");
            return NL_EXIT_USAGE;
        }
        return NL_EXIT_OK;
    }
    for (size_t i = 0; i < nl_ruleset_count(rs); i++) {
        const nl_rule *r = nl_ruleset_rule(rs, i);
        printf("%-42s %-8s %-8s %-11s %s%s\n", nl_rule_id(r), nl_severity_name(nl_rule_severity(r)), nl_rule_kind(r),
               nl_rule_scope(r), nl_rule_title(r), nl_rule_enabled(r) ? "" : "（默认关闭）");
    }
    return NL_EXIT_OK;
}

/* rules show NAME: the rule of that id, else the vocabulary of that name.
   Returns the exit code (a usage error when neither is loaded). */
static int show_named(const nl_ruleset *rs, const char *name)
{
    const nl_rule *r = nl_ruleset_find(rs, name);
    size_t v = 0;
    while (v < nl_ruleset_vocab_count(rs) && strcmp(nl_ruleset_vocab_name(rs, v), name) != 0)
        v++;
    if (!r && v < nl_ruleset_vocab_count(rs)) {
        show_vocab(rs, v);
    } else if (!r) {
        fprintf(stderr, "normlint: no rule '%s' is loaded (see 'normlint rules list')\n", name);
        return NL_EXIT_USAGE;
    } else {
        show_rule(r);
    }
    return NL_EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
    packopts po;
    int rc = NL_EXIT_OK;
    int first = parse_pack_opts("rules", argc, argv, &po, 1, rules_help, &rc);
    if (first < 0)
        return rc;
    if (po.export_patterns)
        return run_export(&po, first, argc, argv);
    int json;
    if ((rc = read_action(&json, first, argc, argv)) >= 0)
        return rc;
    const char *action = argv[first];
    nl_ruleset *rs = NULL;
    rc = cli_load_rules(&rs, po.dirs, po.n, po.bundled, 1);
    if (rc == NL_EXIT_OK) {
        if (strcmp(action, "list") == 0) {
            rc = list_rules(rs, json);
        } else if (strcmp(action, "vocab") == 0) {
            for (size_t i = 0; i < nl_ruleset_vocab_count(rs); i++)
                printf("%-28s %s\n", nl_ruleset_vocab_name(rs, i), nl_ruleset_vocab_title(rs, i));
        } else {
            rc = show_named(rs, argv[first + 1]);
        }
    }
    nl_ruleset_free(rs);
    return rc;
}

static void test_help(FILE *f)
{
    fputs("Usage: normlint test-rules [OPTIONS] [DIR|FILE]...\n"
          "\n"
          "Validate rule packs and run every rule's examples: each bad example must\n"
          "produce a finding of its rule and no good example may, and each fixed\n"
          "pair [BEFORE, AFTER] must turn into AFTER with the fixes. Every problem is\n"
          "printed as FILE:LINE:COL: rule error: REASON. Without operands the bundled\n"
          "pack is tested.\n"
          "\n"
          "Options:\n"
          "  -r, --rules DIR   also load the rule pack DIR (or one YAML file); repeatable\n"
          "      --no-bundled  do not load the bundled rule pack\n"
          "  -h, --help        show this help\n"
          "\n"
          "Exit codes: 0 every rule passed, 1 some rule failed, 2 usage error.\n",
          f);
}

int cmd_test_rules(int argc, char **argv)
{
    packopts po;
    int rc = NL_EXIT_OK;
    int first = parse_pack_opts("test-rules", argc, argv, &po, 0, test_help, &rc);
    if (first < 0)
        return rc;
    for (int i = first; i < argc && po.n < MAX_PACKS; i++)
        po.dirs[po.n++] = argv[i];
    int bundled = first >= argc && po.n == 0 ? po.bundled : 0;
    nl_ruleset *rs = NULL;
    rc = cli_load_rules(&rs, po.dirs, po.n, bundled, 1);
    if (!rs) /* no pack at all (the bundled one not found): already said */
        return rc == NL_EXIT_OK ? NL_EXIT_USAGE : rc;
    size_t examples = 0;
    for (size_t i = 0; i < nl_ruleset_count(rs); i++)
        examples += nl_rule_example_count(nl_ruleset_rule(rs, i), 0) + nl_rule_example_count(nl_ruleset_rule(rs, i), 1);
    size_t problems = nl_ruleset_problem_count(rs);
    printf("test-rules: %zu rules passed (%zu examples), %zu problem%s\n", nl_ruleset_count(rs), examples, problems,
           problems == 1 ? "" : "s");
    nl_ruleset_free(rs);
    if (rc != NL_EXIT_OK)
        return problems ? NL_EXIT_FINDINGS : NL_EXIT_USAGE;
    return NL_EXIT_OK;
}
