package search

// What the tests of package search_test use of the relevance suite.
type RelevanceCase = relevanceCase

var (
	RelevanceCases = relevanceCases
	SyntheticCases = syntheticCases
	Judge          = judge
	SynthFS        = synthFS
)
