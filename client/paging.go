package client

import (
	"context"
	"net/url"
	"strconv"
)

// pageSize is what bkconsole asks for; the contract's default is 10.
const pageSize = 100

// Bounds on one listing: a server whose count keeps growing, or that repeats pages, must not
// keep bkconsole fetching for ever. Variables so tests can make them small.
var (
	MaxPages = 1000    // 100,000 items at 100 a page
	MaxItems = 200_000 // beyond any real gateway or record list
)

// followPages reads every page of a paginated listing ({count, results}, limit and offset),
// within MaxPages and MaxItems; get fetches one page for the query it is given.
func followPages[T any](ctx context.Context, where string, q url.Values, get func(url.Values, *Page[T]) error) ([]T, error) {
	var all []T
	for pages, offset := 0, 0; ; pages++ {
		if pages >= MaxPages || len(all) >= MaxItems {
			return nil, &TooManyPagesError{URL: where, Pages: pages, Items: len(all)}
		}
		page := url.Values{}
		for k, v := range q {
			page[k] = v
		}
		page.Set("limit", strconv.Itoa(pageSize))
		page.Set("offset", strconv.Itoa(offset))
		var p Page[T]
		if err := get(page, &p); err != nil {
			return nil, err
		}
		if p.Results == nil && p.Count == 0 {
			p.Results = []T{}
		}
		all = append(all, p.Results...)
		offset += len(p.Results)
		if len(p.Results) == 0 || offset >= p.Count {
			return all, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}
