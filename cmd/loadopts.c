/*
 * loadopts.c — the options every reading subcommand shares (check, parse,
 * text): --max-size, --encoding, --revisions, --notes, --doc-converter, --doc-type and --limit
 * NAME=VALUE; and the two values check and audit both take: --jobs and
 * --as-of.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define LIMIT_NAMES "zip-entries, zip-entry, zip-total, zip-ratio, xml-depth, pdf-pages, pdf-output, pdf-seconds"

static int set_limit(const char *cmd, const char *arg, nl_load_opts *o)
{
    const char *eq = strchr(arg, '=');
    size_t v = 0;
    if (!eq || nl_parse_size(eq + 1, &v) != NL_OK || v == 0) {
        cli_usage_error(cmd, "--limit needs NAME=VALUE (" LIMIT_NAMES "), not '%s'", arg);
        return 0;
    }
    size_t n = (size_t)(eq - arg);
    if (n == 11 && strncmp(arg, "zip-entries", n) == 0)
        o->zip_entries = v;
    else if (n == 9 && strncmp(arg, "zip-entry", n) == 0)
        o->zip_entry_size = v;
    else if (n == 9 && strncmp(arg, "zip-total", n) == 0)
        o->zip_total_size = v;
    else if (n == 9 && strncmp(arg, "zip-ratio", n) == 0 && v <= 1000000)
        o->zip_ratio = (unsigned)v;
    else if (n == 9 && strncmp(arg, "xml-depth", n) == 0 && v <= 10000)
        o->xml_depth = (int)v;
    else if (n == 9 && strncmp(arg, "pdf-pages", n) == 0 && v <= 1000000)
        o->pdf_pages = v;
    else if (n == 10 && strncmp(arg, "pdf-output", n) == 0)
        o->pdf_output = v;
    else if (n == 11 && strncmp(arg, "pdf-seconds", n) == 0 && v <= 86400)
        o->pdf_seconds = (unsigned)v;
    else {
        cli_usage_error(cmd, "--limit: unknown limit or value out of range in '%s' (" LIMIT_NAMES ")", arg);
        return 0;
    }
    return 1;
}

int cli_load_option(const char *cmd, int opt, const char *arg, nl_load_opts *o)
{
    switch (opt) {
    case CLI_O_MAX_SIZE:
        if (nl_parse_size(arg, &o->max_size) != NL_OK || o->max_size == 0) {
            cli_usage_error(cmd, "--max-size needs a size such as 64M, not '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_O_ENCODING:
        o->encoding = arg;
        return 1;
    case CLI_O_REVISIONS:
        if (strcmp(arg, "current") == 0)
            o->revisions_original = 0;
        else if (strcmp(arg, "original") == 0)
            o->revisions_original = 1;
        else {
            cli_usage_error(cmd, "--revisions needs current or original, not '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_O_NOTES:
        o->notes = 1;
        return 1;
    case CLI_O_DOC_CONVERTER:
        if (strcmp(arg, "auto") == 0)
            o->doc_converter = NL_DOC_CONVERTER_AUTO;
        else if (strcmp(arg, "libreoffice") == 0)
            o->doc_converter = NL_DOC_CONVERTER_LIBREOFFICE;
        else if (strcmp(arg, "catdoc") == 0)
            o->doc_converter = NL_DOC_CONVERTER_CATDOC;
        else {
            cli_usage_error(cmd, "--doc-converter needs auto, libreoffice or catdoc, not '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_O_LIMIT:
        return set_limit(cmd, arg, o) ? 1 : -1;
    case CLI_O_DOC_TYPE: {
        int ok = 0;
        nl_doctype t = nl_doctype_from_id(arg, &ok);
        if (!ok || t == NL_DOCTYPE_UNKNOWN) {
            cli_usage_error(cmd, "--doc-type needs normative, rule, local-regulation, admin-regulation, law, judicial or "
                                 "other, not '%s'", arg);
            return -1;
        }
        o->doc_type = (int)t;
        return 1;
    }
    default:
        return 0;
    }
}

int cli_parse_jobs(const char *cmd, const char *v, int *jobs)
{
    char *end;
    long j = strtol(v, &end, 10);
    if (*end || j < 1 || j > 1024) {
        cli_usage_error(cmd, "--jobs needs a number from 1 to 1024, not '%s'", v);
        return 0;
    }
    *jobs = (int)j;
    return 1;
}

int cli_parse_as_of(const char *cmd, const char *v, nl_date *d)
{
    char extra;
    memset(d, 0, sizeof *d);
    if (sscanf(v, "%d-%d-%d%c", &d->year, &d->month, &d->day, &extra) != 3 ||
        !nl_date_valid(d->year, d->month, d->day)) {
        cli_usage_error(cmd, "--as-of needs a date such as 2024-06-30, not '%s'", v);
        return 0;
    }
    return 1;
}

int cli_help_only(const char *cmd, int argc, char **argv, void (*help)(FILE *))
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            help(stdout);
            return NL_EXIT_OK;
        }
        cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        return NL_EXIT_USAGE;
    }
    return -1;
}
