/*
 * formats.c — `normlint formats`: what normlint reads (the loaders and the
 * names a folder walk takes) and what it writes (the report formats of
 * check, audit and merge, parse). Read from the registries, so it cannot
 * drift from them.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void formats_help(FILE *f)
{
    fputs("Usage: normlint formats\n\n"
          "List the input formats normlint reads (with the file name extensions taken\n"
          "when a folder is walked; a file named explicitly is always read, its format\n"
          "decided by its content) and the report formats of each command.\n",
          f);
}

int cmd_formats(int argc, char **argv)
{
    int rc = cli_help_only("formats", argc, argv, formats_help);
    if (rc >= 0)
        return rc;
    if (optind < argc) {
        cli_usage_error("formats", "takes no argument");
        return NL_EXIT_USAGE;
    }
    puts("Input formats (the content decides; extensions are what a folder walk takes):");
    const char *name;
    const char *const *ext;
    for (size_t i = 0; nl_load_format(i, &name, &ext); i++) {
        if (!ext || !*ext) {
            printf("  %-12s refused with the reason: legacy .doc/.wps, RTF, encrypted Office files\n", name);
            continue;
        }
        printf("  %-12s", name);
        for (const char *const *e = ext; *e; e++)
            printf(" .%s", *e);
        if (strcmp(name, "pdf") == 0)
            printf("  (through pdftotext, from poppler-utils)");
        putchar('\n');
    }
    puts("\nReport formats:");
    printf("  check        %s\n", nl_report_formats());
    printf("  audit, merge %s\n", nl_audit_formats());
    puts("  parse        text, json, summary");
    return fflush(stdout) == 0 ? NL_EXIT_OK : NL_EXIT_USAGE;
}
