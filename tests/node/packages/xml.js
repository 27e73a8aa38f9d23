// deps: @xmldom/xmldom@0.9.5 xpath@0.0.34
const { DOMParser, XMLSerializer } = require('@xmldom/xmldom');
const xpath = require('xpath');

const SOAP = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body><m:R xmlns:m="urn:r"><m:Item id="1">one</m:Item><m:Item id="2">two &amp; more</m:Item>
  </m:R></soap:Body></soap:Envelope>`;

exports.onExecutePostChallenge = async () => {
  const doc = new DOMParser().parseFromString(SOAP, 'text/xml');
  const select = xpath.useNamespaces({ s: 'http://schemas.xmlsoap.org/soap/envelope/', m: 'urn:r' });
  const items = select('//m:Item', doc);
  console.log(items.length, items.map((n) => [n.getAttribute('id'), n.textContent]));
  console.log(select('string(//m:Item[@id="2"])', doc), select('count(//m:Item)', doc),
    select('boolean(//m:Missing)', doc));
  console.log(select('name(/*)', doc), doc.documentElement.namespaceURI);
  const out = new XMLSerializer().serializeToString(items[1]);
  console.log(out);
  const bad = new DOMParser({ onError: (level, msg) => console.log('xmldom', level) })
    .parseFromString('<a><b></a>', 'text/xml');
  console.log(bad.documentElement && bad.documentElement.nodeName);
};
