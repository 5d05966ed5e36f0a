# Panelshot — every set-up step lives here so that a fresh Debian/Ubuntu machine needs only
# `make run` or `make test`.

SHELL := /bin/bash
.DEFAULT_GOAL := run

APT_PACKAGES := build-essential curl wget file pkg-config libwebkit2gtk-4.1-dev libxdo-dev \
  libssl-dev libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev chromium gnome-keyring dbus \
  dbus-x11 libsecret-tools webkit2gtk-driver xvfb xauth fonts-noto-cjk fonts-noto-color-emoji \
  imagemagick xclip desktop-file-utils appstream rpm libreoffice-impress poppler-utils
# Chromium's headless shell renders with a third less CPU than a headless Chromium (README,
# benchmark); Debian has it, Ubuntu's archive does not, and Panelshot falls back to `chromium`.
APT_OPTIONAL := chromium-headless-shell
TAURI_DRIVER_VERSION := 2.1.0
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
DEMO_PORT ?= 3000
DEMO_DIR := .demo
# Python tools for checks (check-jsonschema), from PyPI, kept out of the system Python.
VENV := target/venv
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

.PHONY: deps apt npm pytools tauri-driver ui demo-scenes build run dev demo test check test-rust test-ui test-package lint fmt bench bundle clean

## deps: install whatever is missing (system packages, npm modules, tauri-driver, Python tools)
deps: apt npm tauri-driver pytools

apt:
	@missing=""; for p in $(APT_PACKAGES) $(APT_OPTIONAL); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq; \
	  wanted=""; for p in $$missing; do \
	    case " $(APT_OPTIONAL) " in *" $$p "*) \
	      apt-cache show "$$p" >/dev/null 2>&1 || { echo "skipping $$p: not in this system's archive"; continue; };; \
	    esac; \
	    wanted="$$wanted $$p"; \
	  done; \
	  if [ -n "$$wanted" ]; then \
	    echo "installing:$$wanted"; \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$wanted; \
	  fi; \
	fi

# npm ci only when the lockfile changed since the last install.
npm: ui/node_modules/.installed
ui/node_modules/.installed: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

# Python tools the checks use, from PyPI: check-jsonschema (release configuration) and
# python-pptx (reads the decks in the tests) and the MCP Python SDK (a real MCP client for
# `panelshot mcp`).
PY_TOOLS := check-jsonschema==0.33.0 python-pptx==1.0.2 mcp==1.24.0
$(VENV)/.installed: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q $(PY_TOOLS)
	touch $@
pytools: $(VENV)/.installed

tauri-driver:
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked

## demo-scenes: the demo Grafana's pages built from Grafana's published front-end libraries
## (@grafana/scenes, runtime, ui, data; pinned in its package-lock.json), bundled by esbuild
DEMO_SCENES := tests/demo-grafana/scenes
demo-scenes: $(DEMO_SCENES)/dist/scenes-app.js
$(DEMO_SCENES)/node_modules/.installed: $(DEMO_SCENES)/package-lock.json $(DEMO_SCENES)/package.json
	cd $(DEMO_SCENES) && npm ci --no-audit --no-fund
	touch $@
$(DEMO_SCENES)/dist/scenes-app.js: $(DEMO_SCENES)/node_modules/.installed $(DEMO_SCENES)/build.mjs $(wildcard $(DEMO_SCENES)/src/*)
	cd $(DEMO_SCENES) && node build.mjs

## ui: build the front end into ui/dist (embedded into the binary)
ui: npm
	cd ui && npm run build

## build: the panelshot binary and the demo Grafana
build: apt ui demo-scenes
	cargo build --workspace

## run: start the demo Grafana and open Panelshot connected to it
run: build
	@mkdir -p $(DEMO_DIR); \
	./target/debug/demo-grafana --port $(DEMO_PORT) --token-file $(DEMO_DIR)/token > $(DEMO_DIR)/demo.log 2>&1 & \
	demo=$$!; trap 'kill $$demo 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 1 50); do grep -q "listening on" $(DEMO_DIR)/demo.log 2>/dev/null && break; kill -0 $$demo 2>/dev/null || break; sleep 0.1; done; \
	grep -q "listening on" $(DEMO_DIR)/demo.log || { cat $(DEMO_DIR)/demo.log; exit 1; }; \
	echo "demo Grafana on http://127.0.0.1:$(DEMO_PORT) (admin/admin, token in $(DEMO_DIR)/token)"; \
	PANELSHOT_DEMO_URL=http://127.0.0.1:$(DEMO_PORT) PANELSHOT_DEMO_TOKEN_FILE=$(CURDIR)/$(DEMO_DIR)/token \
	  ./target/debug/panelshot

## dev: the window with its front end served by Vite and reloaded on every save (`devUrl`
## through a config overlay, so plain `cargo build`s keep the embedded front end), on the demo
dev: apt npm demo-scenes
	cargo build -p demo-grafana
	@mkdir -p $(DEMO_DIR); \
	./target/debug/demo-grafana --port $(DEMO_PORT) --token-file $(DEMO_DIR)/token > $(DEMO_DIR)/demo.log 2>&1 & \
	demo=$$!; trap 'kill $$demo 2>/dev/null' EXIT INT TERM; \
	PANELSHOT_DEMO_URL=http://127.0.0.1:$(DEMO_PORT) PANELSHOT_DEMO_TOKEN_FILE=$(CURDIR)/$(DEMO_DIR)/token \
	  ui/node_modules/.bin/tauri dev --config '{"build":{"devUrl":"http://localhost:5173","beforeDevCommand":{"script":"npm run dev -- --strictPort --port 5173","cwd":"ui"}}}'

## demo: only the demo Grafana, in the foreground
demo: build
	./target/debug/demo-grafana --port $(DEMO_PORT)

## test: everything — formatting, lints, Rust tests over real parts, UI checks and tests, and
## the Linux packages installed and used
test: deps ui lint test-ui test-rust test-package

## check: the fast loop for every edit (a minute or two when built): formatting, lints,
## the unit tests of every crate (no browser, keyring or window) and the front end's checks
check: npm
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace --lib --bins
	cd ui && npm run check && npm test

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	@# The core's boundary: nothing of the desktop stack or the CLI in its dependency tree.
	@! cargo tree -p panelshot-core -e normal,build --prefix none | grep -E '^(tauri[a-z-]*|clap|indicatif|wry|webkit2gtk[a-z0-9-]*|gtk|soup[0-9]*) v' \
	  || { echo "panelshot-core depends on the desktop stack or the CLI (see above)"; exit 1; }

test-ui: npm
	cd ui && npm run check && npm test

# Rust tests run inside a private D-Bus session with an unlocked gnome-keyring (a real Secret
# Service), and with Xvfb for the window tests.
test-rust: demo-scenes
	@mkdir -p target
	set -o pipefail; .ci/with-keyring xvfb-run -a -s "-screen 0 1280x800x24" \
	  cargo test --workspace -- --test-threads=2 2>&1 | tee target/test-rust.log
	@awk '/^test result:/ { p += $$4; f += $$6 } END { printf "rust: %d passed, %d failed\n", p, f }' target/test-rust.log

fmt:
	cargo fmt --all

VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -1)
BUNDLE := target/release/bundle
CLI_DIST := panelshot-cli-$(VERSION)-$(shell uname -m)-linux

## bundle: release packages — .deb and .rpm (Tauri's bundler) and the panelshot-cli tarball,
## all under target/release/bundle/
bundle: apt ui
	ui/node_modules/.bin/tauri build --bundles deb,rpm --ci
	cargo build --release -p panelshot-cli
	@rm -rf $(BUNDLE)/cli && mkdir -p $(BUNDLE)/cli/$(CLI_DIST)
	cp target/release/panelshot-cli src-tauri/packaging/cli/README.md $(BUNDLE)/cli/$(CLI_DIST)/
	tar -czf $(BUNDLE)/cli/$(CLI_DIST).tar.gz -C $(BUNDLE)/cli $(CLI_DIST)
	@ls -1 $(BUNDLE)/deb/*.deb $(BUNDLE)/rpm/*.rpm $(BUNDLE)/cli/*.tar.gz

# The packages installed and used as a user would (tests/packaging/linux.sh), and the release
# configuration checked: Tauri's config against its schema, the release workflow against
# GitHub's (check-jsonschema ships both schemas' validators; GitHub's is vendored in it).
test-package: bundle check-release demo-scenes
	cargo build -p demo-grafana
	.ci/with-keyring tests/packaging/linux.sh

check-release: pytools
	$(VENV)/bin/check-jsonschema --regex-variant nonunicode --schemafile ui/node_modules/@tauri-apps/cli/config.schema.json tauri.conf.json
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/release.yml .github/workflows/ci.yml

## bench: the speed figures the README quotes
bench: apt ui demo-scenes
	cargo run --release -p panelshot-core --example bench

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules $(DEMO_DIR) $(DEMO_SCENES)/dist $(DEMO_SCENES)/node_modules
