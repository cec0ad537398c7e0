/*
 * walk.h — turning command-line paths into the list of inputs.
 *
 * A file named on the command line is always an input, whatever its name. A
 * directory is walked recursively in byte order of names; hidden entries
 * (leading '.') are skipped, symbolic links to directories are not followed
 * (no loops), and only files whose extension a loader claims are taken.
 */
#ifndef NORMLINT_WALK_H
#define NORMLINT_WALK_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called once per input file (in order) or once per path that cannot be
 * walked (err set, path NULL in that case is never passed: err->path names it).
 * Return nonzero to stop the walk. */
typedef int (*nl_walk_fn)(void *ud, const char *path, const nl_error *err);

/* Walk the input operand `path` (a file or a folder named by the user),
 * taking from folders the files whose name `accept` returns nonzero for (the
 * documents: nl_walk in load.h). A path that does not exist is reported
 * through fn as an error ("cannot open: ..."), and so is a folder in which
 * nothing is taken ("no file to check in this folder"): every operand yields
 * at least one call. Returns NL_OK when the walk ran (problems with single
 * entries are reported through fn), NL_ERR_NOMEM when out of memory. */
typedef int (*nl_walk_accept_fn)(const char *name);
nl_status nl_walk_operand(const char *path, nl_walk_accept_fn accept, nl_walk_fn fn, void *ud);

/* The plain walk under nl_walk_operand: a missing path is still reported,
 * an empty folder yields no call (rule packs say that themselves). */
nl_status nl_walk_matching(const char *path, nl_walk_accept_fn accept, nl_walk_fn fn, void *ud);

#ifdef __cplusplus
}
#endif
#endif
