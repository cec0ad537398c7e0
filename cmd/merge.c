/*
 * merge.c — `normlint merge SHARD.jsonl...`: combine the jsonl outputs of
 * `audit --shard K/N` runs into the report a single run gives. Records are put
 * back in input order by their index, joined with the register and counted
 * again, so the review and json reports are byte-identical to a single run
 * with the same options. Each output's first line says which shard K of N it
 * is and of which run; a set with a shard missing, given twice or from
 * another run is refused unless --allow-partial, which marks the report
 * partial.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int by_index(const void *a, const void *b)
{
    size_t x = ((const nl_record *)a)->index, y = ((const nl_record *)b)->index;
    return x < y ? -1 : x > y;
}

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: normlint merge [OPTIONS] SHARD.jsonl...\n"
            "\n"
            "Combine the outputs of 'normlint audit --format jsonl --shard K/N' into the\n"
            "report one run over all inputs would give. Use the same --register, --rules\n"
            "and --profile as the shards.\n"
            "\n"
            "Options:\n"
            "  -f, --format FMT     %s (default review)\n"
            "  -o, --output FILE    write the report to FILE (replaced whole when the run ends)\n"
            "      --allow-partial  merge even when shards are missing; the report says it is partial\n"
            "      --register FILE  the register the audit is joined with\n"
            "  -r, --rules DIR      rule packs the shards used besides the bundled one\n"
            "      --no-bundled     the shards did not use the bundled pack\n"
            "      --profile NAME   jurisdiction parameters (the filing deadline)\n"
            "  -h, --help           show this help\n"
            "\n"
            "Exit codes as for audit.\n",
            nl_audit_formats());
}

/* Whether the shard outputs make one whole run: each says it is shard K of
   the same N of the same run, every K once. Says what is wrong; *partial is
   set when the only fault is missing shards (what --allow-partial accepts). */
static int check_shards(char **paths, const nl_shard_info *info, int n, int *partial)
{
    *partial = 0;
    for (int i = 0; i < n; i++)
        if (!info[i].present) {
            fprintf(stderr, "normlint: %s: not a shard output of this normlint (no shard line: audit --format jsonl "
                            "writes one)\n", paths[i]);
            return 0;
        }
    for (int i = 1; i < n; i++)
        if (info[i].n != info[0].n || info[i].inputs != info[0].inputs || strcmp(info[i].run, info[0].run) != 0) {
            fprintf(stderr, "normlint: %s: a shard of another run than %s\n  %s: %u shards of %zu inputs: %s\n"
                            "  %s: %u shards of %zu inputs: %s\n", paths[i], paths[0], paths[0], info[0].n,
                    info[0].inputs, info[0].run, paths[i], info[i].n, info[i].inputs, info[i].run);
            return 0;
        }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (info[i].k == info[j].k) {
                fprintf(stderr, "normlint: shard %u/%u given twice: %s and %s\n", info[i].k, info[i].n, paths[j],
                        paths[i]);
                return 0;
            }
    if ((unsigned)n == info[0].n)
        return 1;
    char missing[256] = "";
    size_t w = 0;
    for (unsigned k = 1; k <= info[0].n && w < sizeof missing - 16; k++) {
        int have = 0;
        for (int i = 0; i < n; i++)
            have |= info[i].k == k;
        if (!have)
            w += (size_t)snprintf(missing + w, sizeof missing - w, "%s%u", w ? ", " : "", k);
    }
    fprintf(stderr, "normlint: shard%s %s of %u missing%s\n", strchr(missing, ',') ? "s" : "", missing, info[0].n,
            " (--allow-partial merges what is there and marks the report partial)");
    *partial = 1;
    return 0;
}

/* What the command line says. */
typedef struct merge_args {
    const char *format, *register_path, *profile_name, *output_path;
    const char *packs[64]; /* --rules, npacks of them (more are ignored) */
    size_t npacks;
    int bundled, allow_partial;
    int streams;   /* the format writes each record (jsonl) */
    char **shards; /* the SHARD.jsonl operands, nshards of them */
    int nshards;
} merge_args;

enum { O_REGISTER = 256, O_NO_BUNDLED, O_PROFILE, O_ALLOW_PARTIAL };
static const struct option merge_longopts[] = {
    {"format", required_argument, NULL, 'f'},   {"register", required_argument, NULL, O_REGISTER},
    {"rules", required_argument, NULL, 'r'},    {"no-bundled", no_argument, NULL, O_NO_BUNDLED},
    {"profile", required_argument, NULL, O_PROFILE}, {"help", no_argument, NULL, 'h'},
    {"allow-partial", no_argument, NULL, O_ALLOW_PARTIAL}, {"output", required_argument, NULL, 'o'},
    {NULL, 0, NULL, 0},
};

/* Read the options into a; the operands are left from optind on. -1 to go
   on, else the exit code to return at once (after a usage error, or after
   --help). */
static int read_options(merge_args *a, int argc, char **argv)
{
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:r:o:h", merge_longopts, NULL)) != -1) {
        switch (c) {
        case 'f': a->format = optarg; break;
        case 'o': a->output_path = optarg; break;
        case O_REGISTER: a->register_path = optarg; break;
        case 'r':
            if (a->npacks < 64)
                a->packs[a->npacks++] = optarg;
            break;
        case O_NO_BUNDLED: a->bundled = 0; break;
        case O_PROFILE: a->profile_name = optarg; break;
        case O_ALLOW_PARTIAL: a->allow_partial = 1; break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            return cli_bad_option("merge", argv);
        }
    }
    return -1;
}

/* Read the command line into a (set up here): a known format and at least
   one shard output. -1 to go on, else the exit code to return at once
   (nothing is held yet). */
static int parse_args(merge_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->format = "review";
    a->bundled = 1;
    int rc = read_options(a, argc, argv);
    if (rc >= 0)
        return rc;
    if (!nl_audit_format_known(a->format, &a->streams)) {
        cli_usage_error("merge", "unknown format '%s' (known: %s)", a->format, nl_audit_formats());
        return NL_EXIT_USAGE;
    }
    if (optind >= argc) {
        cli_usage_error("merge", "name at least one shard output (jsonl)");
        return NL_EXIT_USAGE;
    }
    a->shards = argv + optind;
    a->nshards = argc - optind;
    return -1;
}

/* What the shards were judged with: the rule packs, the register (when
   given) and the profile applied to the rules, into *rs, *reg and *profile,
   which the caller frees (also on failure). 0 after a message. */
static int load_setup(nl_ruleset **rs, nl_register **reg, nl_profile **profile, const merge_args *a)
{
    nl_error err;
    if (cli_load_rules(rs, a->packs, a->npacks, a->bundled, 1) != NL_EXIT_OK)
        return 0;
    if (a->register_path && nl_register_load(reg, a->register_path, &err) != NL_OK) {
        cli_error(&err);
        return 0;
    }
    if (cli_load_profile(a->profile_name, profile) != NL_EXIT_OK)
        return 0;
    if (nl_ruleset_apply_profile(*rs, *profile) != NL_OK) {
        fprintf(stderr, "normlint: out of memory\n");
        return 0;
    }
    return 1;
}

/* Read every shard output's records onto *recs (*n of them; the caller
   clears and frees them, also on failure) and check that the shards make one
   whole run. *whole_run gets the merged run's shard line (shard 1 of 1, the
   inputs and the run of the first shard); *partial is set when shards are
   only missing. 0 after a message, unless the set is partial and
   --allow-partial takes it. */
static int read_shards(nl_record **recs, size_t *n, nl_shard_info *whole_run, int *partial, const merge_args *a,
                       const nl_ruleset *rs)
{
    nl_error err;
    *partial = 0;
    nl_shard_info *info = calloc((size_t)a->nshards, sizeof *info);
    if (!info) {
        fprintf(stderr, "normlint: out of memory\n");
        return 0;
    }
    for (int i = 0; i < a->nshards; i++)
        if (nl_audit_read_jsonl(a->shards[i], rs, recs, n, &info[i], &err) != NL_OK) {
            cli_error(&err);
            free(info);
            return 0;
        }
    int whole = check_shards(a->shards, info, a->nshards, partial);
    size_t expected = a->nshards && info[0].present ? info[0].inputs : 0;
    /* the merged jsonl is one whole run's: shard 1 of 1 */
    *whole_run = (nl_shard_info){1, 1, 1, expected, ""};
    if (a->nshards && info[0].present)
        snprintf(whole_run->run, sizeof whole_run->run, "%s", info[0].run);
    free(info);
    return whole || (a->allow_partial && *partial);
}

/* Put the records back in input order. 0 after a message when an input
   appears in two shard outputs. */
static int sort_records(nl_record *recs, size_t n)
{
    if (n > 1)
        qsort(recs, n, sizeof *recs, by_index);
    for (size_t i = 1; i < n; i++)
        if (recs[i].index == recs[i - 1].index) {
            fprintf(stderr, "normlint: input %zu (%s) appears in two shard outputs\n", recs[i].index, recs[i].path);
            return 0;
        }
    return 1;
}

/* Join the records with the register and write the report to *out (opened
   here; the caller drops it when it is still open), the records first for a
   streaming format. Returns the exit code. */
static int write_merged(cli_out *out, nl_record *recs, size_t n, const nl_register *reg, const nl_profile *profile,
                        const nl_shard_info *whole_run, int partial, const merge_args *a)
{
    FILE *f = cli_out_open(out, a->output_path);
    if (!f)
        return NL_EXIT_USAGE;
    if (a->streams && nl_audit_jsonl_header(f, whole_run) != NL_OK)
        return NL_EXIT_USAGE;
    if (a->streams)
        for (size_t i = 0; i < n; i++)
            if (nl_audit_jsonl_record(f, &recs[i], NULL) != NL_OK)
                return NL_EXIT_USAGE;
    nl_audit_stats st;
    nl_audit_join(recs, n, reg, profile ? profile : nl_profile_builtin(), &st);
    if (partial) {
        st.partial = 1;
        st.expected_inputs = whole_run->inputs;
    }
    if (nl_audit_report(a->format, f, recs, n, reg, &st, a->streams) != NL_OK) {
        fprintf(stderr, "normlint: cannot write the report\n");
        return NL_EXIT_USAGE;
    }
    if (!cli_out_close(out, 1))
        return NL_EXIT_USAGE;
    return st.unreadable ? NL_EXIT_UNREADABLE : st.conclusions[NL_CONCL_CORRECT] ? NL_EXIT_FINDINGS : NL_EXIT_OK;
}

int cmd_merge(int argc, char **argv)
{
    merge_args a;
    int rc = parse_args(&a, argc, argv);
    if (rc >= 0)
        return rc;
    rc = NL_EXIT_USAGE;
    cli_out out = {NULL, NULL};
    nl_ruleset *rs = NULL;
    nl_register *reg = NULL;
    nl_profile *profile = NULL;
    nl_record *recs = NULL;
    size_t n = 0;
    nl_shard_info whole_run;
    int partial = 0;
    if (!load_setup(&rs, &reg, &profile, &a) || !read_shards(&recs, &n, &whole_run, &partial, &a, rs))
        goto done;
    if (partial)
        fprintf(stderr, "normlint: warning: merging a partial set of shards (--allow-partial): %zu of %zu inputs\n", n,
                whole_run.inputs);
    if (!sort_records(recs, n))
        goto done;
    rc = write_merged(&out, recs, n, reg, profile, &whole_run, partial, &a);
done:
    if (out.f)
        cli_out_close(&out, 0);
    for (size_t i = 0; i < n; i++)
        nl_record_clear(&recs[i]);
    free(recs);
    nl_ruleset_free(rs);
    nl_register_free(reg);
    nl_profile_free(profile);
    return rc;
}
