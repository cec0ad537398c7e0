/*
 * parse.c — `normlint parse PATH...`: load each input, recognise its structure
 * and print metadata and tree (text, json or summary). This is how users and
 * tests look inside the model. Unreadable inputs are reported on stderr and in
 * the output, and the run goes on; the exit code is then 3.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct run {
    nl_load_opts lopts;
    nl_tree_out *out;
    int unreadable;
    int write_failed;
} run;

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: normlint parse [OPTIONS] PATH...\n"
            "\n"
            "Show the metadata and structure tree of each document. Directories are\n"
            "walked recursively (hidden entries skipped; only supported extensions).\n"
            "\n"
            "Options:\n"
            "  -f, --format FMT     output format: %s (default text)\n"
            "      --depth N        text format: show N levels of the tree (0 = metadata only)\n"
            "  -o, --output FILE    write the output to FILE (replaced whole when the run ends)\n"
            CLI_LOAD_HELP
            "  -h, --help           show this help\n"
            "\n"
            "Exit codes: 0 all inputs parsed, 2 usage error, 3 some input could not be read.\n",
            nl_tree_formats());
}

static int on_input(void *ud, const char *path, const nl_error *werr)
{
    run *r = ud;
    nl_error err;
    nl_doc *doc = NULL;
    if (werr) {
        err = *werr;
    } else if (nl_load_path(&doc, path, &r->lopts, &err) == NL_OK) {
        if (nl_tree_out_doc(r->out, doc) != NL_OK)
            r->write_failed = 1;
        nl_doc_free(doc);
        return r->write_failed;
    }
    cli_error(&err);
    r->unreadable = 1;
    if (nl_tree_out_error(r->out, &err) != NL_OK)
        r->write_failed = 1;
    return r->write_failed;
}

/* What the command line says beyond what the run keeps. */
typedef struct tree_args {
    const char *format, *output_path;
    int depth;    /* --depth, else -1 (the whole tree) */
    char **paths; /* the PATH operands, npaths of them */
    int npaths;
} tree_args;

static const struct option parse_longopts[] = {
    {"format", required_argument, NULL, 'f'}, {"depth", required_argument, NULL, 'd'},
    {"output", required_argument, NULL, 'o'},
    CLI_LOAD_LONGOPTS,
    {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
};

/* --depth N (0 to 1000) into *depth; 0 after a usage error. */
static int parse_depth(const char *v, int *depth)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < 0 || n > 1000) {
        cli_usage_error("parse", "--depth needs a number from 0 to 1000, not '%s'", v);
        return 0;
    }
    *depth = (int)n;
    return 1;
}

/* Read the options into r and a; the operands are left from optind on. -1
   to go on, else the exit code to return at once (after a usage error, or
   after --help). */
static int read_options(run *r, tree_args *a, int argc, char **argv)
{
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+f:o:h", parse_longopts, NULL)) != -1) {
        int took = cli_load_option("parse", c, optarg, &r->lopts);
        if (took < 0)
            return NL_EXIT_USAGE;
        if (took)
            continue;
        switch (c) {
        case 'f':
            a->format = optarg;
            break;
        case 'o':
            a->output_path = optarg;
            break;
        case 'd':
            if (!parse_depth(optarg, &a->depth))
                return NL_EXIT_USAGE;
            break;
        case 'h':
            usage(stdout);
            return NL_EXIT_OK;
        default:
            return cli_bad_option("parse", argv);
        }
    }
    return -1;
}

/* Read the command line into r and a (both set up here): the options and at
   least one input. -1 to go on, else the exit code to return at once
   (nothing is held yet). */
static int parse_args(run *r, tree_args *a, int argc, char **argv)
{
    memset(r, 0, sizeof *r);
    memset(a, 0, sizeof *a);
    a->format = "text";
    a->depth = -1;
    int rc = read_options(r, a, argc, argv);
    if (rc >= 0)
        return rc;
    if (optind >= argc) {
        cli_usage_error("parse", "no input: name at least one file or directory");
        return NL_EXIT_USAGE;
    }
    a->paths = argv + optind;
    a->npaths = argc - optind;
    return -1;
}

/* Walk every input and write its tree, or its error, to r->out; stops after
   a write error (r->write_failed). An input that cannot be listed is said
   and counted unreadable. */
static void walk_inputs(run *r, char **paths, int npaths)
{
    nl_error err;
    for (int i = 0; i < npaths && !r->write_failed; i++) {
        if (nl_walk(paths[i], on_input, r) != NL_OK) {
            nl_error_set(&err, NL_ERR_NOMEM, paths[i], "out of memory while listing inputs");
            cli_error(&err);
            r->unreadable = 1;
        }
    }
}

int cmd_parse(int argc, char **argv)
{
    run r;
    tree_args a;
    int rc = parse_args(&r, &a, argc, argv);
    if (rc >= 0)
        return rc;
    cli_out out;
    nl_error err;
    FILE *f = cli_out_open(&out, a.output_path);
    if (!f)
        return NL_EXIT_USAGE;
    if (nl_tree_out_new(&r.out, f, a.format, &err) != NL_OK) {
        cli_out_close(&out, 0);
        cli_usage_error("parse", "%s", err.message);
        return NL_EXIT_USAGE;
    }
    nl_tree_out_set_depth(r.out, a.depth);
    walk_inputs(&r, a.paths, a.npaths);
    if (nl_tree_out_finish(r.out) != NL_OK || r.write_failed) {
        fprintf(stderr, "normlint: cannot write the output\n");
        cli_out_close(&out, 0);
        return NL_EXIT_USAGE;
    }
    if (!cli_out_close(&out, 1))
        return NL_EXIT_USAGE;
    return r.unreadable ? NL_EXIT_UNREADABLE : NL_EXIT_OK;
}
