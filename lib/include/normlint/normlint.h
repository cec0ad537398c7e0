/*
 * normlint.h — the public API of libnormlint, in pipeline order:
 * core (status, errors, spans) → cnum (numerals, dates) → doc (the model) → load
 * → rules (packs, engine, findings) → report (writers of findings).
 */
#ifndef NORMLINT_H
#define NORMLINT_H
#include "core.h"
#include "cnum.h"
#include "doc.h"
#include "load.h"
#include "tree.h"
#include "walk.h"
#include "rules.h"
#include "report.h"
#include "annotate.h"
#endif
