def test_layer_files_are_pruned_oldest_first(tmp_path, monkeypatch) -> None:
    import os

    from diaspora_atlas import geo

    monkeypatch.setattr(geo, "MAX_LAYER_FILES", 8)
    urls = []
    for i in range(9):
        urls.append(geo.publish_layer(f'{{"i":{i}}}', f"{i:04x}", tmp_path))
        path = tmp_path / urls[-1].removeprefix("/app/static/")
        os.utime(path, (1000 + i, 1000 + i))
    folder = tmp_path / "geo" / "layers"
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) <= 8 and "0008.json" in left and "0000.json" not in left
    # a pruned layer asked for again is written again
    geo.publish_layer('{"i":0}', "0000", tmp_path)
    assert (folder / "0000.json").read_text() == '{"i":0}'
