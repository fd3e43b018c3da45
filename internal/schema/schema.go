// Package schema writes the JSON Schema (draft 2020-12) of the front
// matter of guides and categories, from the keys of the format (see
// guides.GuideKeys and guides.CategoryKeys), for editors that validate
// YAML against a schema. A front matter the schema accepts is one the file
// rules accept without an error, and whose keys are all known: the
// unknown-key rule is a warning, which a schema says as a refusal, so that
// a misspelt key shows. Its categories are the collection's category ids.
// What a schema cannot say, it lets pass: a day its month does not have
// (2024-02-30), an integer out of range, or one written with a fraction
// (sort: 1.0, which JSON Schema takes for 1); and it says nothing of the
// other warnings.
package schema

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/visual-guides/guides"
)

// Draft is the JSON Schema dialect of the schemas.
const Draft = "https://json-schema.org/draft/2020-12/schema"

// The patterns of text. A control character is a C0 or C1 control or DEL
// (see the control-character rule); a description may hold tabs and line
// breaks. The characters are written as they are, which JSON escapes, so
// that every regular expression engine reads them alike.
const (
	control       = "\x00-\x1f\x7f-\u009f"
	noControl     = "^[^" + control + "]*$"
	multiline     = "^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\u009f]*$"
	oneLineFilled = "^[^" + control + "]*[^\\s" + control + "][^" + control + "]*$"
	// Date is a date, or an RFC 3339 time, as guides.ParseDate reads
	// them; whether the day exists in its month is not said.
	Date = `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])` +
		`([Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?$`
)

// Schema is a JSON Schema, as JSON values.
type Schema map[string]any

// Guide returns the schema of a guide's front matter, whose categories
// are among ids, the ids of the collection's categories.
func Guide(ids []string) Schema {
	return object("The front matter of a guide", guides.GuideKeys(), func(k guides.Key) Schema {
		if k.Name == "categories" {
			return Schema{"type": "array", "minItems": 1, "items": Schema{"type": "string", "enum": nonNil(ids)}}
		}
		return value(k)
	})
}

// Category returns the schema of a category's front matter.
func Category() Schema {
	return object("The front matter of a category", guides.CategoryKeys(), value)
}

// object returns the schema of a front matter with the given keys.
func object(title string, keys []guides.Key, value func(guides.Key) Schema) Schema {
	props := Schema{}
	var required []string
	for _, k := range keys {
		s := value(k)
		s["description"] = summary(k)
		props[k.Name] = s
		if k.Required {
			required = append(required, k.Name)
		}
	}
	return Schema{
		"$schema":              Draft,
		"title":                title,
		"type":                 "object",
		"properties":           props,
		"required":             required,
		"additionalProperties": false,
	}
}

// summary says what a key means, as a sentence.
func summary(k guides.Key) string {
	s := strings.ToUpper(k.Summary[:1]) + k.Summary[1:] + "."
	if k.Required && k.Why != "" {
		s += " Required: " + k.Why + "."
	}
	return s
}

// value returns the schema of the value of a key, by its type. Text is
// taken as written when it is a number or true or false, as check takes
// it; null is empty text.
func value(k guides.Key) Schema {
	switch {
	case k.Name == "title":
		return Schema{"type": []string{"string", "number", "boolean"}, "pattern": oneLineFilled}
	case k.Name == "description":
		return Schema{"type": []string{"string", "number", "boolean", "null"}, "pattern": multiline}
	case k.Name == "tags":
		return Schema{"type": []string{"array", "null"}, "maxItems": guides.MaxTags,
			"items": Schema{"type": []string{"string", "number"}, "pattern": oneLineFilled}}
	}
	switch k.Type {
	case guides.Integer:
		return Schema{"type": "integer"}
	case guides.Boolean:
		return Schema{"type": []string{"boolean", "null"}}
	case guides.Date:
		return Schema{"type": "string", "pattern": Date}
	case guides.List:
		return Schema{"type": "array", "items": Schema{"type": "string", "pattern": oneLineFilled}}
	}
	return Schema{"type": []string{"string", "number", "boolean", "null"}, "pattern": noControl}
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// JSON returns s as indented JSON, with a line end.
func (s Schema) JSON() []byte {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("schema: %v", err)) // a schema holds nothing JSON cannot write
	}
	// JSON writes DEL and the C1 controls as they are, which no one sees
	// in a file; they are escaped as the C0 controls are.
	var b strings.Builder
	for _, r := range string(data) {
		if 0x7f <= r && r <= 0x9f {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return []byte(b.String() + "\n")
}
