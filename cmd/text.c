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
          "Print each document's text as normlint reads it and its reader sees it:\n"
          "decoded to UTF-8, DOCX runs joined, tracked changes applied, fields shown\n"
          "as their results, automatic numbering rendered, OFD text placed into lines\n"
          "and paragraphs in reading order. Each paragraph starts a line; a line\n"
          "break inside a paragraph ends a printed line but not the paragraph (one\n"
          "clause, one locator).\n"
          "\n"
          "Options:\n"
          "      --locators          prefix each line with PART:PARAGRAPH (or line:N; for an OFD or a PDF\n"
          "                          pageP:L, the page and the line on it where it starts) and a tab\n"
          CLI_OUTPUT_HELP
          CLI_LOAD_HELP
          "  -h, --help              show this help\n"
          "\n"
          "Exit codes: 0 success, 2 usage error, 3 some input could not be read.\n",
          f);
}

/* One model line: a paragraph, printed as the reader sees it, its line
   breaks (NL_LINE_SEPARATOR) as line ends; with locators each printed line
   starts with the paragraph's (a PDF's: the page and the line on it where
   the printed line starts). */
static void print_paragraph(FILE *f, const nl_doc *doc, const nl_line *l, int locators)
{
    const char *part = nl_doc_part_name(doc, l->part), *t = nl_doc_text(doc);
    size_t at = l->start;
    for (;;) {
        size_t stop = at;
        while (stop + 3 <= l->end && memcmp(t + stop, NL_LINE_SEPARATOR_UTF8, 3) != 0)
            stop++;
        int brk = stop + 3 <= l->end;
        if (!brk)
            stop = l->end;
        size_t page, pline;
        if (locators && nl_doc_page_at(doc, at, &page, &pline))
            fprintf(f, "page%zu:%zu\t", page, pline);
        else if (locators)
            fprintf(f, "%s:%u\t", *part ? part : "line", l->ordinal);
        fwrite(t + at, 1, stop - at, f);
        putc('\n', f);
        if (!brk)
            return;
        at = stop + 3;
    }
}

int cmd_text(int argc, char **argv)
{
    enum { O_LOCATORS = 256 };
    static const struct option longopts[] = {
        {"locators", no_argument, NULL, O_LOCATORS},
        {"output", required_argument, NULL, 'o'},
        CLI_LOAD_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    nl_load_opts lo;
    memset(&lo, 0, sizeof lo);
    int locators = 0, c, unreadable = 0;
    optind = 1;
    opterr = 0;
    const char *output_path = NULL;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        int took = cli_load_option("text", c, optarg, &lo);
        if (took < 0)
            return NL_EXIT_USAGE;
        if (took)
            continue;
        switch (c) {
        case O_LOCATORS: locators = 1; break;
        case 'o': output_path = optarg; break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            return cli_bad_option("text", argv);
        }
    }
    if (optind >= argc) {
        cli_usage_error("text", "no input: name at least one file");
        return NL_EXIT_USAGE;
    }
    cli_out out;
    FILE *f = cli_out_open(&out, output_path);
    if (!f)
        return NL_EXIT_USAGE;
    for (int i = optind; i < argc; i++) {
        nl_doc *doc = NULL;
        nl_error err;
        if (nl_load_path(&doc, argv[i], &lo, &err) != NL_OK) {
            cli_error(&err);
            unreadable = 1;
            continue;
        }
        for (size_t k = 0; k < nl_doc_line_count(doc); k++) {
            const nl_line *l = nl_doc_line(doc, k);
            print_paragraph(f, doc, l, locators);
        }
        nl_doc_free(doc);
    }
    if (fflush(f) != 0 || ferror(f)) {
        fprintf(stderr, "normlint: cannot write the output\n");
        cli_out_close(&out, 0);
        return NL_EXIT_USAGE;
    }
    if (!cli_out_close(&out, 1))
        return NL_EXIT_USAGE;
    return unreadable ? NL_EXIT_UNREADABLE : NL_EXIT_OK;
}
