// Browser-side helpers for Blazor pages: uploads with progress (a CSV can be gigabytes, too much for the circuit)
// and Plotly charts that ask the server for new samples whenever the visible range changes.
window.lodestone = (() => {
    const charts = new Map();

    function fileOf(inputId) {
        const input = document.getElementById(inputId);
        return input && input.files && input.files.length ? input.files[0] : null;
    }

    function post(url, form, onProgress) {
        return new Promise((resolve) => {
            const xhr = new XMLHttpRequest();
            xhr.open("POST", url);
            // Marks the upload as the page's own: the server refuses cookie posts that a form elsewhere could forge.
            xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
            xhr.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded, e.total); };
            xhr.upload.onload = () => { if (onProgress) onProgress(-1, -1); };
            xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
            xhr.onerror = () => resolve({ status: 0, body: "The connection to the server was lost during the upload." });
            xhr.send(form);
        });
    }

    function chosenFile(inputId) {
        const file = fileOf(inputId);
        return file ? { name: file.name, size: file.size } : null;
    }

    // The first megabyte is enough for the server to propose a column mapping.
    async function inspect(url, inputId) {
        const file = fileOf(inputId);
        const form = new FormData();
        form.append("file", file.slice(0, 1024 * 1024), file.name);
        return await post(url, form, null);
    }

    async function upload(url, inputId, name, mapping, progressTarget) {
        const file = fileOf(inputId);
        const form = new FormData();
        form.append("name", name || "");
        if (mapping) form.append("mapping", mapping);
        form.append("file", file, file.name);
        let last = 0;
        return await post(url, form, (loaded, total) => {
            const now = Date.now();
            if (loaded < 0 || now - last > 150 || loaded === total) {
                last = now;
                progressTarget.invokeMethodAsync("OnUploadProgress", loaded, total);
            }
        });
    }

    // Plotly's range strings have no zone; our axes are UTC.
    function toMillis(value) {
        if (typeof value === "number") return value;
        return Date.parse(String(value).replace(" ", "T") + "Z");
    }

    function renderSeries(elementId, figure, listener) {
        const element = document.getElementById(elementId);
        if (!element) return;
        // A sensor hidden from the legend stays hidden when a zoom, a channel or a sensor pick fetches new samples.
        const hidden = new Set((element.data || []).filter(t => t.visible === "legendonly" && t.legendgroup).map(t => t.legendgroup));
        for (const trace of figure.data) if (hidden.has(trace.legendgroup)) trace.visible = "legendonly";
        // No tips ("Double-click on legend to isolate one trace"): they cover the page header at the top right.
        Plotly.react(element, figure.data, figure.layout, { responsive: true, displaylogo: false, scrollZoom: true, showTips: false });
        if (!charts.has(elementId)) {
            charts.set(elementId, listener);
            let timer = null;
            element.on("plotly_relayout", (e) => {
                const start = e["xaxis.range[0]"] ?? (e["xaxis.range"] ? e["xaxis.range"][0] : undefined);
                const end = e["xaxis.range[1]"] ?? (e["xaxis.range"] ? e["xaxis.range"][1] : undefined);
                const reset = e["xaxis.autorange"] === true;
                if (start === undefined && !reset) return;
                clearTimeout(timer);
                // Coalesce the burst of events a drag or a scroll produces into one query.
                timer = setTimeout(() => charts.get(elementId).invokeMethodAsync("OnRangeChanged",
                    reset ? null : toMillis(start), reset ? null : toMillis(end)), 120);
            });
        } else {
            charts.set(elementId, listener);
        }
    }

    function render(elementId, figure) {
        const element = document.getElementById(elementId);
        if (!element) return;
        // Plotly fits a 3D scene to its height: narrower than it is tall, the scene's sides are cut off, so keep it square.
        const margin = figure.layout.margin || { l: 0, r: 0, t: 0, b: 0 };
        if (figure.layout.scene && element.clientWidth > 0)
            figure.layout.height = Math.min(figure.layout.height, Math.max(280, element.clientWidth - margin.l - margin.r + margin.t + margin.b));
        Plotly.react(element, figure.data, figure.layout, { responsive: true, displaylogo: false, showTips: false });
    }

    function dispose(elementId) {
        const element = document.getElementById(elementId);
        if (element && window.Plotly) Plotly.purge(element);
        charts.delete(elementId);
    }

    return { chosenFile, inspect, upload, renderSeries, render, dispose };
})();
