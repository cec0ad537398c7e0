/*
 * text.c — `normlint text FILE...`: print a document's text exactly as the
 * model holds it, one paragraph per line — the text the rules see. For DOCX
 * this is a faster docx2txt that also renders automatic numbering.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("Usage: normlint text [OPTIONS] FILE...\n"
          "\n"
          "Print each document's text as normlint reads it (one paragraph per line):\n"
          "decoded to UTF-8, DOCX runs joined, tracked changes applied, fields shown\n"
          "as their results, automatic numbering rendered.\n"
          "\n"
          "Options:\n"
          "      --locators       prefix each line with PART:PARAGRAPH and a tab\n"
          "      --revisions R    current (default) or original: the text before tracked changes\n"
          "      --max-size SIZE  refuse inputs larger than SIZE (default 64M)\n"
          "      --encoding ENC   read text files as ENC instead of detecting it\n"
          "  -h, --help           show this help\n"
          "\n"
          "Exit codes: 0 success, 2 usage error, 3 some input could not be read.\n",
          f);
}

int cli_revisions(const char *cmd, const char *v, nl_load_opts *o)
{
    if (strcmp(v, "current") == 0)
        o->revisions_original = 0;
    else if (strcmp(v, "original") == 0)
        o->revisions_original = 1;
    else {
        cli_usage_error(cmd, "--revisions needs current or original, not '%s'", v);
        return 0;
    }
    return 1;
}

int cmd_text(int argc, char **argv)
{
    enum { O_LOCATORS = 256, O_REVISIONS, O_MAX_SIZE, O_ENCODING };
    static const struct option longopts[] = {
        {"locators", no_argument, NULL, O_LOCATORS},     {"revisions", required_argument, NULL, O_REVISIONS},
        {"max-size", required_argument, NULL, O_MAX_SIZE}, {"encoding", required_argument, NULL, O_ENCODING},
        {"help", no_argument, NULL, 'h'},               {NULL, 0, NULL, 0},
    };
    nl_load_opts lo;
    memset(&lo, 0, sizeof lo);
    int locators = 0, c, unreadable = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case O_LOCATORS: locators = 1; break;
        case O_REVISIONS:
            if (!cli_revisions("text", optarg, &lo))
                return NL_EXIT_USAGE;
            break;
        case O_MAX_SIZE:
            if (nl_parse_size(optarg, &lo.max_size) != NL_OK || lo.max_size == 0) {
                cli_usage_error("text", "--max-size needs a size such as 64M, not '%s'", optarg);
                return NL_EXIT_USAGE;
            }
            break;
        case O_ENCODING: lo.encoding = optarg; break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            cli_usage_error("text", "unknown or incomplete option '%s'", argv[optind - 1]);
            return NL_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_usage_error("text", "no input: name at least one file");
        return NL_EXIT_USAGE;
    }
    for (int i = optind; i < argc; i++) {
        nl_doc *doc = NULL;
        nl_error err;
        if (nl_load_path(&doc, argv[i], &lo, &err) != NL_OK) {
            cli_error(&err);
            unreadable = 1;
            continue;
        }
        const char *t = nl_doc_text(doc);
        for (size_t k = 0; k < nl_doc_line_count(doc); k++) {
            const nl_line *l = nl_doc_line(doc, k);
            if (locators) {
                const char *part = nl_doc_part_name(doc, l->part);
                printf("%s:%u\t", *part ? part : "line", l->ordinal);
            }
            fwrite(t + l->start, 1, l->end - l->start, stdout);
            putchar('\n');
        }
        nl_doc_free(doc);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "normlint: cannot write the output\n");
        return NL_EXIT_USAGE;
    }
    return unreadable ? NL_EXIT_UNREADABLE : NL_EXIT_OK;
}
