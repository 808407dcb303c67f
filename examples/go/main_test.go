// The program's registrations, checked with the Pulumi Go SDK's mocks: no engine, no language host, no provider.
package main

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const mockInstanceID = "crs-mock0001"

type registration struct {
	token  string
	inputs resource.PropertyMap
}

// mocks records every resource registered and answers with the outputs the provider would give.
type mocks struct {
	mu            *sync.Mutex
	registrations map[string]registration // by resource name
}

func (m mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.registrations[args.Name] = registration{token: args.TypeToken, inputs: args.Inputs}
	m.mu.Unlock()

	outputs := args.Inputs.Copy()
	switch args.TypeToken {
	case "tencentcloud-redis:index:Instance":
		outputs["instanceId"] = resource.NewStringProperty(mockInstanceID)
		outputs["host"] = resource.NewStringProperty("10.0.0.12")
		outputs["port"] = resource.NewNumberProperty(6379)
		return mockInstanceID, outputs, nil
	case "tencentcloud-redis:index:Backup":
		outputs["backupId"] = resource.NewStringProperty("bk-mock0001")
		return mockInstanceID + "/bk-mock0001", outputs, nil
	}
	return args.Name + "_id", outputs, nil
}

func (mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestProgramRegistrations(t *testing.T) {
	m := mocks{mu: &sync.Mutex{}, registrations: map[string]registration{}}
	var exportsMu sync.Mutex
	exports := map[string]interface{}{}

	withConfig := func(info *pulumi.RunInfo) {
		info.Config = map[string]string{"tencentcloud-redis-go:redisPassword": "Pa55w0rd!x"}
		info.ConfigSecretKeys = []string{"tencentcloud-redis-go:redisPassword"}
	}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		if err := program(ctx); err != nil {
			return err
		}
		for name, value := range ctx.GetCurrentExportMap() {
			pulumi.ToOutput(value).ApplyT(func(v interface{}) error {
				exportsMu.Lock()
				defer exportsMu.Unlock()
				exports[name] = v
				return nil
			})
		}
		return nil
	}, withConfig, pulumi.WithMocks("tencentcloud-redis-go", "dev", m))
	if err != nil {
		t.Fatalf("the program failed under mocks: %v", err)
	}

	cache, ok := m.registrations["cache"]
	if !ok {
		t.Fatalf("no resource named cache was registered: %v", m.registrations)
	}
	if cache.token != "tencentcloud-redis:index:Instance" {
		t.Errorf("cache registered as %q, want tencentcloud-redis:index:Instance", cache.token)
	}
	for key, want := range map[string]float64{"zoneId": 100002, "typeId": 2, "memSize": 1024} {
		if v, ok := cache.inputs[resource.PropertyKey(key)]; !ok || !v.IsNumber() || v.NumberValue() != want {
			t.Errorf("cache input %s = %v, want %v", key, v, want)
		}
	}
	if v := cache.inputs["name"]; !v.IsString() || v.StringValue() != "go-cache" {
		t.Errorf("cache input name = %v, want go-cache", v)
	}
	password := cache.inputs["password"]
	if !password.IsSecret() {
		t.Errorf("cache input password is not a secret: %v", password)
	} else if e := password.SecretValue().Element; !e.IsString() || e.StringValue() != "Pa55w0rd!x" {
		t.Errorf("cache input password = %v, want the configured redisPassword", e)
	}

	nightly, ok := m.registrations["nightly"]
	if !ok {
		t.Fatalf("no resource named nightly was registered: %v", m.registrations)
	}
	if nightly.token != "tencentcloud-redis:index:Backup" {
		t.Errorf("nightly registered as %q, want tencentcloud-redis:index:Backup", nightly.token)
	}
	if v := nightly.inputs["instanceId"]; !v.IsString() || v.StringValue() != mockInstanceID {
		t.Errorf("nightly input instanceId = %v, want the instance's id %s", v, mockInstanceID)
	}

	exportsMu.Lock()
	defer exportsMu.Unlock()
	for key, want := range map[string]interface{}{
		"instanceId": mockInstanceID,
		"host":       "10.0.0.12",
		"port":       6379,
		"backupId":   "bk-mock0001",
	} {
		if got, ok := exports[key]; !ok || got != want {
			t.Errorf("export %s = %v (present: %v), want %v", key, got, ok, want)
		}
	}
}
