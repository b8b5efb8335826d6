# Safehouse — the two commands a newcomer needs are `make run` and `make test`.
# Everything else is here for developers and release builds.

GO        ?= go
BINARY    := safehouse
PKG       := ./cmd/safehouse
# The version has one source, FyneApp.toml; scripts/release-build.sh passes it
# to the binary as -X main.version=... and holds the fixed release flags
# (-trimpath, no build ID, fixed cgo flags) every shipped build uses.
VERSION   := $(shell awk -F'"' '/^ *Version *=/{print $$2; exit}' FyneApp.toml)
# Headless test run: the `ci` tag swaps Fyne's GLFW driver for its software
# test driver, so tests need no display and no C compiler.
TEST_ENV  := CGO_ENABLED=0
TEST_TAGS := -tags ci

# Debian/Ubuntu packages the real (OpenGL) Fyne build needs.
APT_PKGS  := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev
# ... and the ones only the tests need: sqlite3 replays the journal the way
# docs/recovery.md tells people to (internal/app's recovery test).
TEST_APT_PKGS := sqlite3
DNF_CMD   := sudo dnf install -y gcc pkgconf-pkg-config libX11-devel libXcursor-devel libXrandr-devel libXinerama-devel libXi-devel libXxf86vm-devel mesa-libGL-devel
PACMAN_CMD:= sudo pacman -S --needed gcc pkgconf libx11 libxcursor libxrandr libxinerama libxi libxxf86vm mesa
BREW_CMD  := xcode-select --install   # macOS: the Xcode command line tools are all Fyne needs

.PHONY: all deps test-deps build run test smoke vet staticcheck fmt-check check-packaging bench screenshots package repro icons clean

all: build

## deps: install the system packages Fyne needs, only the missing ones
deps:
	@sh scripts/deps.sh "$(APT_PKGS)" "$(DNF_CMD)" "$(PACMAN_CMD)" "$(BREW_CMD)"

## test-deps: the packages only the tests need (sqlite3), only when missing
test-deps:
	@command -v sqlite3 >/dev/null 2>&1 || sh scripts/deps.sh "$(TEST_APT_PKGS)" \
		"sudo dnf install -y sqlite" "sudo pacman -S --needed sqlite" "brew install sqlite"

## build: the real desktop app (cgo, OpenGL), with the release flags
build: deps
	GO=$(GO) sh scripts/release-build.sh -o $(BINARY)

## run: build and open the app on your vault (first-run setup if you have none)
run: build
	./$(BINARY)

## test: vet, staticcheck, formatting, packaging metadata, every test (headless UI included)
## and a real build
test: deps test-deps fmt-check vet staticcheck check-packaging
	$(TEST_ENV) $(GO) test $(TEST_TAGS) -count=1 -timeout 12m ./...
	GO=$(GO) sh scripts/release-build.sh -o /dev/null
	@echo "make test: all checks passed"

## smoke: the real window under Xvfb, driven by xdotool: every screen and
## drop-down, edits, lock with a half-typed form, small windows, quit, then
## CHAOS_SECONDS (default 120) of random clicks and keys (scripts/smoke.sh)
smoke: build
	sh scripts/smoke.sh ./$(BINARY)

vet:
	$(TEST_ENV) $(GO) vet $(TEST_TAGS) ./...

## staticcheck: honnef.co/go/tools, pinned in go.mod as a tool like the age CLI; no findings
staticcheck:
	$(TEST_ENV) $(GO) tool staticcheck $(TEST_TAGS) ./...

fmt-check:
	@out=$$(gofmt -l cmd internal assets locales scripts 2>/dev/null); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## check-packaging: validate the .desktop file, AppStream metainfo, icons and Flatpak manifest
check-packaging:
	sh scripts/check-packaging.sh

## bench: the benchmarks behind docs/performance.md
bench:
	$(TEST_ENV) $(GO) test $(TEST_TAGS) -run '^$$' -bench . -benchmem -benchtime 2s ./...

## screenshots: real windows under Xvfb, saved to docs/screenshots/
screenshots: build
	sh scripts/screenshots.sh ./$(BINARY)

## package: release artifacts in dist/ (Linux .tar.xz, Windows .exe, SHA256SUMS)
package: deps
	GO=$(GO) sh scripts/package.sh

## repro: build the last commit twice from scratch and require identical binaries
repro: deps
	GO=$(GO) sh scripts/repro.sh

## icons: redraw packaging/linux/icons from assets/icon.svg
icons:
	sh scripts/render-icons.sh

clean:
	rm -f $(BINARY)
	rm -rf dist
