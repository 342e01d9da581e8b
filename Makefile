# The entry points of docs/task-config.md. CMake does the building; these only sequence it.
SHELL := /bin/bash
.DEFAULT_GOAL := build
.PHONY: deps build test demo bench docs format lint clean

deps:
	scripts/deps

build:
	cmake --preset default >/dev/null
	cmake --build --preset default

test: deps
	scripts/test

demo: deps build
	scripts/demo

bench: deps build
	bench/run
	bench/run-drda
	bench/run-encode
	bench/run-full-sync
	bench/run-incremental

docs: build
	build/src/config/db2kafka_config_doc > docs/CONFIGURATION.md

format:
	git ls-files '*.h' '*.cc' | xargs clang-format -i

lint:
	scripts/check-module-deps
	scripts/check-format

clean:
	-scripts/testenv down
	rm -rf build
