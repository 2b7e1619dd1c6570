#include "shilu/core.h"
