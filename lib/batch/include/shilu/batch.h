// shilu/batch.h — corpus-scale annotation: parallel, ordered, streaming, resumable.
#pragma once

#include "shilu/annotate.h"
#include "shilu/core.h"
