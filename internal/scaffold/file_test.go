package scaffold

import (
	"testing"
	"time"

	"github.com/visual-guides/guides"
)

func TestGuideFile(t *testing.T) {
	g := &guides.Guide{
		Title:       "Cache Eviction Policies",
		Description: GuideDescription,
		CreatedAt:   time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC),
		DateOnly:    true,
		Draft:       true,
		Categories:  []string{"caching", "databases"},
	}
	want := `---
title: "Cache Eviction Policies"
description: "TODO: one sentence on what the reader will learn."
createdAt: 2026-03-14
draft: true
categories: ["caching", "databases"]
tags: []
---

` + guideBody
	if got := string(Guide(g)); got != want {
		t.Errorf("Guide() =\n%s\nwant\n%s", got, want)
	}
}

func TestCategoryFile(t *testing.T) {
	c := &guides.Category{Title: "Caching", Description: CategoryDescription, Sort: 20}
	want := `---
title: "Caching"
description: "TODO: one sentence on what the guides of this category have in common."
sort: 20
---

` + categoryBody
	if got := string(Category(c)); got != want {
		t.Errorf("Category() =\n%s\nwant\n%s", got, want)
	}
}
