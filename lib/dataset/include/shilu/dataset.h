// shilu/dataset.h — SQLite datasets built from annotations (persons with every spelling,
// places with coordinates, dates, troop counts by year and side).
#pragma once

#include "shilu/core.h"
