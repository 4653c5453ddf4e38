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

// collect gathers what an Each method hands on into a list: empty, not nil, when there is
// nothing, and nothing at all when the listing failed part of the way.
func collect[T any](each func(func(T) error) error) ([]T, error) {
	out := []T{}
	if err := each(func(x T) error { out = append(out, x); return nil }); err != nil {
		return nil, err
	}
	return out, nil
}

// followPages reads every page of a paginated listing ({count, results}, limit and offset),
// within MaxPages and MaxItems; get fetches one page for the query it is given.
func followPages[T any](ctx context.Context, where string, q url.Values, get func(url.Values, *Page[T]) error) ([]T, error) {
	all := []T{}
	err := pages(ctx, where, q, get, func(items []T) error { all = append(all, items...); return nil })
	if err != nil {
		return nil, err
	}
	return all, nil
}

// pages fetches page after page, within MaxPages and MaxItems, handing each page's items on.
func pages[T any](ctx context.Context, where string, q url.Values, get func(url.Values, *Page[T]) error, take func([]T) error) error {
	items := 0
	for n, offset := 0, 0; ; n++ {
		if n >= MaxPages || items >= MaxItems {
			return &TooManyPagesError{URL: where, Pages: n, Items: items}
		}
		page := url.Values{}
		for k, v := range q {
			page[k] = v
		}
		page.Set("limit", strconv.Itoa(pageSize))
		page.Set("offset", strconv.Itoa(offset))
		var p Page[T]
		if err := get(page, &p); err != nil {
			return err
		}
		items += len(p.Results)
		if err := take(p.Results); err != nil {
			return err
		}
		offset += len(p.Results)
		if len(p.Results) == 0 || offset >= p.Count {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// streamPages reads every page of a paginated listing as it arrives: each page's results are
// decoded one by one (streamList), so a server that ignores limit and sends a million entries
// in one page is never held as one body nor as one page; within MaxPages and MaxItems.
func streamPages[T any](ctx context.Context, t *Transport, r request, each func(T) error) error {
	items := 0
	for n, offset := 0, 0; ; n++ {
		if n >= MaxPages || items >= MaxItems {
			return &TooManyPagesError{URL: r.url, Pages: n, Items: items}
		}
		page := r
		page.query = url.Values{}
		for k, v := range r.query {
			page.query[k] = v
		}
		page.query.Set("limit", strconv.Itoa(pageSize))
		page.query.Set("offset", strconv.Itoa(offset))
		count, got := -1, 0
		page.count = &count
		if err := streamList(ctx, t, page, func(v T) error { got++; return each(v) }); err != nil {
			return err
		}
		items += got
		offset += got
		if got == 0 || count < 0 || offset >= count {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}
