# medins — PGXS build.  `make && make install && make installcheck`
EXTENSION    = medins
EXTVERSION   = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" medins.control)

MODULE_big   = medins
SRCS         = $(sort $(wildcard src/*.c))
OBJS         = $(SRCS:.c=.o)
INCS         = $(wildcard src/*.h)

# Install scripts: the base script plus every upgrade step (medins--A--B.sql).
DATA         = $(sort $(wildcard medins--*.sql))
# Catalogues and sample policies loaded by CREATE EXTENSION live in
# $(sharedir)/extension/medins/ (see install-data below).
MEDINS_DATA  = $(sort $(wildcard data/icd10/*.csv data/*.csv))

# pg_regress: every sql/*.sql, in name order (00_setup first).
REGRESS      = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --outputdir=. --dbname=medins_regress

ICU_CFLAGS  := $(shell pkg-config --cflags icu-uc icu-i18n)
ICU_LIBS    := $(shell pkg-config --libs icu-uc icu-i18n)
PG_CPPFLAGS  = -I$(srcdir)/src $(ICU_CFLAGS)
# -Wextra without -Wunused-parameter: PostgreSQL's own headers (ilist.h,
# bufpage.h inline functions) and callback signatures (syscache and relcache
# callbacks, fcinfo used only on 16+) trip it in every file.
PG_CFLAGS    = -Wall -Wextra -Wno-unused-parameter
SHLIB_LINK   = $(ICU_LIBS)

EXTRA_CLEAN  = results regression.diffs regression.out tmp_check

PG_CONFIG   ?= pg_config
PGXS        := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Objects rebuild when any header changes.
$(OBJS): $(INCS)

medins_datadir = $(DESTDIR)$(datadir)/extension/medins

install: install-medins-data
install-medins-data: $(MEDINS_DATA)
	$(MKDIR_P) '$(medins_datadir)'
	$(if $^,$(INSTALL_DATA) $^ '$(medins_datadir)/')

uninstall: uninstall-medins-data
uninstall-medins-data:
	rm -rf '$(medins_datadir)'

.PHONY: install-medins-data uninstall-medins-data
