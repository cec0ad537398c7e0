/*
 * main.c — the normlint program: dispatches to a subcommand from a table and
 * prints the top-level help. Each subcommand lives in its own file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const nl_command commands[] = {
    {"annotate", "write a copy of a DOCX with the findings as Word comments", cmd_annotate},
    {"audit", "filing-review audit of an archive, with the register (备案审查)", cmd_audit},
    {"check", "check documents against the rule packs (the default)", cmd_check},
    {"formats", "list the input formats and the report formats", cmd_formats},
    {"install-hook", "install a git pre-commit hook that checks staged documents", cmd_install_hook},
    {"merge", "combine the outputs of sharded audits into one report", cmd_merge},
    {"parse", "show the metadata and structure tree of documents", cmd_parse},
    {"profile", "show a jurisdiction profile's parameters and sources, or list them", cmd_profile},
    {"rules", "list the loaded rules, or show one", cmd_rules},
    {"test-rules", "validate rule packs and run their examples", cmd_test_rules},
    {"text", "print the text of documents as normlint reads it", cmd_text},
};

void cli_error(const nl_error *err)
{
    if (err->path[0])
        fprintf(stderr, "normlint: %s: %s\n", err->path, err->message);
    else
        fprintf(stderr, "normlint: %s\n", err->message);
}

void cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "normlint %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'normlint %s --help'.\n", cmd);
}

int cli_bad_option(const char *cmd, char **argv)
{
    if (optopt)
        cli_usage_error(cmd, "option '-%c' is unknown or needs a value", optopt);
    else
        cli_usage_error(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
    return NL_EXIT_USAGE;
}

/* Edit distance (insertions, deletions, substitutions, adjacent swaps) of two
   short words, capped at 9. */
int cli_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 40 || m > 40)
        return 9;
    int d[41][41];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m] > 9 ? 9 : d[n][m];
}

static void unknown_command(const char *name)
{
    const char *best = NULL;
    int bd = 3;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        int d = cli_distance(name, commands[i].name);
        if (d < bd) {
            bd = d;
            best = commands[i].name;
        }
    }
    if (best)
        fprintf(stderr, "normlint: unknown command '%s'; did you mean '%s'?\nTry 'normlint --help'.\n", name, best);
    else
        fprintf(stderr, "normlint: unknown command '%s'\nTry 'normlint --help'.\n", name);
}

static void help(FILE *f)
{
    fputs("Usage: normlint COMMAND [OPTIONS] [PATH...]\n"
          "       normlint PATH...          (the same as 'normlint check PATH...')\n"
          "\n"
          "normlint checks drafts of Chinese administrative normative documents\n"
          "(行政规范性文件) against legality and drafting rules.\n"
          "\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Options:\n"
          "  -h, --help     show this help (or 'normlint help COMMAND', 'normlint COMMAND --help')\n"
          "  -V, --version  show the version\n"
          "\n"
          "Exit codes: 0 success, 1 findings, 2 usage or configuration error,\n"
          "3 some input could not be read.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return NL_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        if (strcmp(name, "help") == 0 && argc > 2) {
            /* help CMD: that command's help */
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (strcmp(commands[i].name, argv[2]) == 0) {
                    char *hargv[] = {argv[2], "--help", NULL};
                    return commands[i].run(2, hargv);
                }
            unknown_command(argv[2]);
            return NL_EXIT_USAGE;
        }
        help(stdout);
        return NL_EXIT_OK;
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
        printf("normlint %s\n", NL_VERSION);
        return NL_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    /* `normlint PATH...` means `normlint check PATH...` */
    struct stat sb;
    if (stat(name, &sb) == 0 || strchr(name, '/') || strchr(name, '.'))
        return cmd_check(argc, argv);
    unknown_command(name);
    return NL_EXIT_USAGE;
}
