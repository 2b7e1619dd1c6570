#include "shilu/batch.h"
