# What a newcomer can do here. Needs only the .NET SDK (and kubectl for the end-to-end tests).
SHELL := /usr/bin/env bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
CLI := $(DOTNET) run --project src/TenantOperator -c $(CONFIGURATION) --
IMG ?= tenant-operator:dev
RESULTS := artifacts/test-results

.PHONY: help build test test-repeat fuzz run render manifests docker-build deploy bench bench-operator bench-local-apiserver bench-write-path bench-soak fuzz-local-apiserver clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

build: ## Build everything with warnings as errors
	$(DOTNET) build TenantOperator.sln -c $(CONFIGURATION)

# dotnet test exits 0 when it finds no test: the summary fails the target then, and on a crashed or missing project run.
test: ## Run every test (unit, property, integration, kubectl end-to-end)
	@rm -rf $(RESULTS)
	$(DOTNET) test TenantOperator.sln -c $(CONFIGURATION) --logger trx --results-directory $(RESULTS); \
	rc=$$?; scripts/test-summary.sh $(RESULTS) || rc=1; exit $$rc

test-repeat: ## Run `make test` N times on a clean clone, naming every failed test (N=20; PROJECT=tests/X runs one project)
	scripts/test-repeat.sh $(or $(N),20) $(PROJECT)

fuzz: ## Property tests with fresh random seeds, 10x the cases (PROPERTY_EXPLORE_SCALE); a failure prints its seed
	PROPERTY_EXPLORE=1 $(DOTNET) test TenantOperator.sln -c $(CONFIGURATION) --filter Category=Property

run: ## Run the operator on the embedded local API server with the samples (Ctrl+C stops it)
	$(CLI) run --local --with-samples

render: ## Print the NetworkPolicies the samples yield, offline
	$(CLI) render -f config/samples

manifests: ## Regenerate the CRD from the C# types
	$(CLI) crd > config/crd/bases/isolation.tenantoperator.io_tenantisolations.yaml

docker-build: ## Build the container image (needs a Docker engine)
	docker build -t $(IMG) .

deploy: ## Apply CRD, RBAC and the manager to the cluster of the current kubeconfig
	kubectl apply -k config/default

bench: ## Run the BenchmarkDotNet benchmarks (long; not part of make test)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- --filter '*'

bench-operator: ## The operator at scale: 1,000 tenants x 10 namespaces on the local API server (about 15 minutes)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- operator

bench-local-apiserver: ## The local API server with 10,000 namespaces and 50,000 NetworkPolicies
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- local-apiserver

bench-write-path: ## The local API server's write path, in memory and on a data directory (fsync, group commit, restart)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- write-path 20

bench-soak: ## The chaos soak: two replicas, 30 minutes of faults on a fixed seed (MINUTES=, SEED=; make test runs a one-minute variant)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- soak --minutes $(or $(MINUTES),30) --seed $(or $(SEED),13)

fuzz-local-apiserver: ## Fuzz the local API server's request handling with fresh seeds for 10 minutes (prints the seed of a failure)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- fuzz-local-apiserver --minutes 10

clean: ## Remove build output
	$(DOTNET) clean TenantOperator.sln
	rm -rf artifacts
