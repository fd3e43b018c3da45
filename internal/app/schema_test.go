package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestSchema writes the schemas of a guide, whose categories are the
// collection's, and of a category, to a file and as a result.
func TestSchema(t *testing.T) {
	s := openAt(t, collection(t, nil))
	file := filepath.Join(t.TempDir(), "guide.schema.json")
	data, err := s.Schema(context.Background(), SchemaOptions{Kind: "guide", File: file})
	if err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(file)
	if err != nil || string(written) != string(data) {
		t.Fatalf("the file holds %q (%v), want the schema returned", written, err)
	}
	var guide struct {
		Properties struct {
			Categories struct {
				Items struct{ Enum []string }
			}
		}
	}
	if err := json.Unmarshal(data, &guide); err != nil {
		t.Fatal(err)
	}
	ids := guide.Properties.Categories.Items.Enum
	slices.Sort(ids)
	if want := []string{"db", "net"}; !slices.Equal(ids, want) {
		t.Errorf("category ids %q, want %q", ids, want)
	}
	data, err = s.Schema(context.Background(), SchemaOptions{Kind: "category"})
	if err != nil || !json.Valid(data) {
		t.Fatalf("the schema of a category: %s, %v", data, err)
	}
	_, err = s.Schema(context.Background(), SchemaOptions{Kind: "page"})
	wantUsage(t, err, "", `"page" is not a kind of file: write guide or category`)
}
